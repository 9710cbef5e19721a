"""spamkit.integrations.dnsbl against a real DNS server on 127.0.0.1 (no mocked resolver)."""

from __future__ import annotations

import argparse
import logging

import pytest

pytest.importorskip("dns.resolver", reason="the dns extra (dnspython) is not installed")
pytest.importorskip("dnslib", reason="dnslib (test extra) is not installed")

from servers.dnsserver import DnsServer
from spamkit.cli import dnsbl as dnsbl_cli
from spamkit.errors import ConfigError
from spamkit.integrations.dnsbl import (
    DnsblChecker,
    health_check,
    load_zones,
    parse_resolver,
    postfix_restriction,
    scan_maillog,
)
from spamkit.message import parse

pytestmark = pytest.mark.network

ZEN = "zen.spamhaus.org"
DBL = "dbl.spamhaus.org"

# Public-looking client addresses; they are only ever asked of the test server.
SBL_IP, PBL_IP, CLEAN_IP = "81.2.69.142", "81.2.69.160", "81.2.69.1"
OPEN_IP, LIMIT_IP, TYPO_IP = "81.2.69.254", "81.2.69.255", "81.2.69.252"
ODD_IP, TIMEOUT_IP, SERVFAIL_IP = "81.2.69.8", "81.2.69.77", "81.2.69.99"


def rev(ip: str) -> str:
    return ".".join(reversed(ip.split(".")))


HEALTHY = {
    f"2.0.0.127.{ZEN}": ["127.0.0.2", "127.0.0.4", "127.0.0.10"],
    f"dbltest.com.{DBL}": ["127.0.1.2"],
    f"{rev(SBL_IP)}.{ZEN}": ["127.0.0.2"],
    f"{rev(PBL_IP)}.{ZEN}": ["127.0.0.11"],
    f"{rev(OPEN_IP)}.{ZEN}": ["127.255.255.254"],
    f"{rev(LIMIT_IP)}.{ZEN}": ["127.255.255.255"],
    f"{rev(TYPO_IP)}.{ZEN}": ["127.255.255.252"],
    f"{rev(ODD_IP)}.{ZEN}": ["127.0.0.8"],
    f"{rev(TIMEOUT_IP)}.{ZEN}": "TIMEOUT",
    f"{rev(SERVFAIL_IP)}.{ZEN}": "SERVFAIL",
    f"spamdomain.com.{DBL}": ["127.0.1.2"],
    f"phish.net.{DBL}": ["127.0.1.4"],
    f"other.org.{DBL}": ["127.0.1.50"],
    f"iplike.com.{DBL}": ["127.0.1.255"],
    f"dbl-open.com.{DBL}": ["127.255.255.254"],
}


@pytest.fixture
def dns_server():
    with DnsServer(HEALTHY) as server:
        yield server


def checker_for(server: DnsServer, **kwargs) -> DnsblChecker:
    kwargs.setdefault("timeout", 0.3)
    kwargs.setdefault("backoff", 60.0)
    zones, _ = load_zones()
    return DnsblChecker(zones, server.address, **kwargs)


# -- the data file --------------------------------------------------------------


def test_shipped_table_maps_issue_codes():
    zones, defaults = load_zones()
    zen = next(z for z in zones if z.zone == ZEN)
    dbl = next(z for z in zones if z.zone == DBL)
    for last in (2, 3, 4, 5, 6, 7, 9, 10, 11):
        assert zen.classify_answer(f"127.0.0.{last}").score > 0
    for code in ("127.255.255.252", "127.255.255.254", "127.255.255.255"):
        assert zen.classify_answer(code).suffix  # an ErrorCode, never a Listing
    for last in (2, 4, 5, 6, 50, 99):
        assert dbl.classify_answer(f"127.0.1.{last}").score > 0
    assert dbl.classify_answer("127.0.1.255").suffix == "IP_QUERY"
    assert zen.classify_answer("127.0.0.8") is None
    assert zen.classify_answer("127.0.1.2") is None
    assert defaults["backoff"] > 0


def test_bad_table_is_a_config_error(tmp_path):
    bad = tmp_path / "dnsbl.toml"
    bad.write_text(
        '[zones.x]\nzone = "x.test"\n[[zones.x.listing]]\ncodes = ["127.0.0.300"]\n'
        'symbol = "X"\nscore = 1\n'
    )
    with pytest.raises(ConfigError):
        load_zones(bad)


def test_unknown_zone_gets_generic_map():
    (zone,), _ = load_zones(names=["bl.example.test"])
    assert zone.classify_answer("127.0.0.2").symbol == "DNSBL_BL_EXAMPLE_TEST"
    assert zone.classify_answer("127.0.0.254").score > 0
    assert zone.classify_answer("127.255.255.1").suffix == "ERROR_CODE"
    assert zone.classify_answer("127.255.255.254").suffix == "OPEN_RESOLVER"


def test_parse_resolver_and_restriction():
    assert parse_resolver("127.0.0.1") == ("127.0.0.1", 53)
    assert parse_resolver("[::1]:5300") == ("::1", 5300)
    with pytest.raises(ConfigError):
        parse_resolver("resolver.example:53")
    zones, _ = load_zones(names=["zen", "dbl"])
    assert postfix_restriction(zones[0]) == "reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]"
    assert postfix_restriction(zones[1]).startswith("reject_rhsbl_sender dbl.spamhaus.org=")


# -- lookups ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ip", "symbol", "score_positive"),
    [(SBL_IP, "RCVD_IN_ZEN_SBL", True), (PBL_IP, "RCVD_IN_ZEN_PBL", True)],
)
def test_listed_client(dns_server, ip, symbol, score_positive):
    (hit,) = checker_for(dns_server).check_message(b"Subject: hi\n\nhello\n", client_ip=ip)
    assert hit.name == symbol
    assert (hit.score > 0) is score_positive
    assert hit.feature is False
    assert f"{rev(ip)}.{ZEN}" in hit.evidence


def test_every_listing_of_a_client_is_named():
    answers = {f"{rev(SBL_IP)}.{ZEN}": ["127.0.0.11", "127.0.0.2", "127.0.0.4"]}
    with DnsServer(answers) as server:
        hits = checker_for(server).check_message(b"\n", client_ip=SBL_IP)
    assert [h.name for h in hits] == ["RCVD_IN_ZEN_SBL", "RCVD_IN_ZEN_XBL", "RCVD_IN_ZEN_PBL"]
    assert hits[0].evidence.endswith("-> 127.0.0.2,127.0.0.4,127.0.0.11")


def test_an_error_among_listings_is_still_an_error():
    answers = {f"{rev(SBL_IP)}.{ZEN}": ["127.0.0.2", "127.255.255.254"]}
    with DnsServer(answers) as server:
        hits = checker_for(server).check_message(b"\n", client_ip=SBL_IP)
    assert [(h.name, h.score) for h in hits] == [("RCVD_IN_ZEN_OPEN_RESOLVER", 0.0)]


def test_clean_client_gives_nothing(dns_server):
    assert checker_for(dns_server).check_message(b"\n", client_ip=CLEAN_IP) == []
    assert f"{rev(CLEAN_IP)}.{ZEN}" in dns_server.queries


@pytest.mark.parametrize(
    ("ip", "symbol", "words"),
    [
        (OPEN_IP, "RCVD_IN_ZEN_OPEN_RESOLVER", ["open resolver", "Spamhaus DQS"]),
        (LIMIT_IP, "RCVD_IN_ZEN_QUERY_LIMIT", ["excessive number of queries"]),
        (TYPO_IP, "RCVD_IN_ZEN_TYPO", ["typing error"]),
        (ODD_IP, "RCVD_IN_ZEN_UNEXPECTED_ANSWER", ["127.0.0.8", "not in the zone's map"]),
        (TIMEOUT_IP, "RCVD_IN_ZEN_TIMEOUT", ["timeout"]),
        (SERVFAIL_IP, "RCVD_IN_ZEN_SERVFAIL", ["SERVFAIL"]),
    ],
)
@pytest.mark.slow
def test_errors_are_never_listings(dns_server, caplog, ip, symbol, words):
    checker = checker_for(dns_server)
    with caplog.at_level(logging.WARNING, logger="spamkit.integrations.dnsbl"):
        hits = checker.check_message(b"\n", client_ip=ip)
    assert [(h.name, h.score) for h in hits] == [(symbol, 0.0)]
    assert "not a listing" in hits[0].description
    for word in words:
        assert word in hits[0].description
    assert len(caplog.records) == 1
    assert ZEN in caplog.records[0].getMessage()
    assert checker.stats[(ZEN, "error")] == 1


def test_open_resolver_text_names_the_fix(dns_server):
    (hit,) = checker_for(dns_server).check_message(b"\n", client_ip=OPEN_IP)
    assert (
        "this resolver is a public/shared resolver; run a local recursive resolver or use "
        "Spamhaus DQS" in hit.description
    )


def test_zone_backs_off_and_warns_once(dns_server, caplog):
    now = [1000.0]
    checker = checker_for(dns_server, backoff=30.0, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="spamkit.integrations.dnsbl"):
        first = checker.check_message(b"\n", client_ip=OPEN_IP)
        asked = len(dns_server.queries)
        second = checker.check_message(b"\n", client_ip=SBL_IP)  # zone is resting
        assert len(dns_server.queries) == asked  # nothing was sent
        now[0] += 31
        third = checker.check_message(b"\n", client_ip=OPEN_IP)
    assert [h.name for h in first] == ["RCVD_IN_ZEN_OPEN_RESOLVER"]
    assert [(h.name, h.score) for h in second] == [("RCVD_IN_ZEN_BACKOFF", 0.0)]
    assert [h.name for h in third] == ["RCVD_IN_ZEN_OPEN_RESOLVER"]
    assert len(caplog.records) == 1  # once per zone and cause, not once per lookup
    assert checker.stats[(ZEN, "skipped")] == 1
    now[0] += 31
    assert [h.name for h in checker.check_message(b"\n", client_ip=SBL_IP)] == ["RCVD_IN_ZEN_SBL"]


@pytest.mark.slow
def test_a_timeout_is_asked_once_then_backs_off(dns_server):
    checker = checker_for(dns_server, timeout=0.3)
    first = checker.check_message(b"\n", client_ip=TIMEOUT_IP)
    asked = len(dns_server.queries)
    second = checker.check_message(b"\n", client_ip=TIMEOUT_IP)  # backs off: no second wait
    assert [h.name for h in first] == ["RCVD_IN_ZEN_TIMEOUT"]
    assert [h.name for h in second] == ["RCVD_IN_ZEN_BACKOFF"]
    assert asked >= 1 and len(dns_server.queries) == asked  # nothing more was sent


def test_private_client_is_not_asked(dns_server):
    checker = checker_for(dns_server)
    assert checker.check_message(b"\n", client_ip="127.0.0.2") == []
    assert checker.check_message(b"\n", client_ip="10.1.2.3") == []
    assert dns_server.queries == []


def test_sender_and_url_domains(dns_server):
    raw = (
        b"From: Sale <offer@mail.spamdomain.com>\n"
        b"Subject: =?UTF-8?B?5a6J44GE?=\n\n"
        b"Click https://www.phish.net/login and http://shop.other.org/x and "
        b"http://81.2.69.142/ now\n"
    )
    hits = {h.name: h for h in checker_for(dns_server).check_message(parse(raw))}
    assert set(hits) == {"URIBL_DBL_SPAM", "URIBL_DBL_PHISH", "URIBL_DBL"}
    assert all(h.score > 0 for h in hits.values())
    asked = [q for q in dns_server.queries if q.endswith(DBL)]
    assert f"spamdomain.com.{DBL}" in asked  # the registered domain, not the host
    assert not any(q.startswith("142.69.2.81") or q.startswith("81.") for q in asked)


def test_domain_zone_errors(dns_server):
    raw = b"From: a@iplike.com\n\nsee http://dbl-open.com/\n"
    hits = checker_for(dns_server).check_message(raw)
    names = {h.name: h.score for h in hits}
    assert names == {"URIBL_DBL_IP_QUERY": 0.0}  # and the zone then backs off
    checker = checker_for(dns_server)
    hits = checker.check_message(b"From: a@dbl-open.com\n\n\n")
    assert [(h.name, h.score) for h in hits] == [("URIBL_DBL_OPEN_RESOLVER", 0.0)]


def test_module_level_check_message_makes_its_own_checker_once(monkeypatch):
    from spamkit.integrations.dnsbl import checker as module

    monkeypatch.setattr(module, "_DEFAULT", None)
    # no client and no domain: nothing is asked, but the default checker is made
    assert module.check_message(b"Subject: x\n\nno links\n") == []
    made = module._DEFAULT
    assert isinstance(made, DnsblChecker)
    module.check_message(b"\n")
    assert module._DEFAULT is made


def test_module_level_check_message(dns_server):
    from spamkit.integrations.dnsbl import check_message

    hits = check_message(b"\n", SBL_IP, checker=checker_for(dns_server))
    assert [h.name for h in hits] == ["RCVD_IN_ZEN_SBL"]


# -- health check ---------------------------------------------------------------


def test_health_ok(dns_server):
    results = health_check(checker_for(dns_server))
    assert [r.ok for r in results] == [True, True]
    assert results[0].message.startswith("OK: zen.spamhaus.org (2.0.0.127 listed as RCVD_IN_ZEN_")


@pytest.mark.parametrize(
    ("listed", "clean", "expected"),
    [
        (
            ["127.255.255.254"],
            ["127.255.255.254"],
            "BROKEN: zen.spamhaus.org answers 127.255.255.254 (open resolver) for 2.0.0.127: "
            "every lookup will fail",
        ),
        (["127.255.255.255"], "NXDOMAIN", "(excessive number of queries)"),
        ("NXDOMAIN", "NXDOMAIN", "does not list its test point 2.0.0.127"),
        (["127.0.0.2"], ["127.0.0.2"], "lists 1.0.0.127, which must be clean"),
        ("TIMEOUT", "NXDOMAIN", "zen.spamhaus.org gives timeout after 0.3s for 2.0.0.127"),
        ("SERVFAIL", "SERVFAIL", "gives SERVFAIL from the resolver"),
        (["93.184.216.34"], ["93.184.216.34"], "answers 93.184.216.34 (answer 93.184"),
    ],
)
@pytest.mark.slow
def test_health_broken(listed, clean, expected):
    answers = {f"2.0.0.127.{ZEN}": listed, f"1.0.0.127.{ZEN}": clean}
    with DnsServer(answers) as server:
        (result,) = health_check(
            DnsblChecker(load_zones(names=["zen"])[0], server.address, timeout=0.3)
        )
    assert not result.ok
    assert result.message.startswith("BROKEN: ")
    assert expected in result.message
    if listed == ["127.255.255.254"]:
        assert "Spamhaus DQS" in result.message
        assert result.message.count("every lookup will fail") == 1


def test_a_resolver_that_answers_nxdomain_for_everything_is_blamed_not_the_zones(caplog):
    caplog.set_level(logging.DEBUG, logger="spamkit")
    with DnsServer({}) as server:  # NXDOMAIN for every name
        results = health_check(DnsblChecker(load_zones()[0], server.address, timeout=0.3))
    (result,) = results  # one problem, said once
    assert not result.ok and result.zone == ""
    assert result.message.startswith("BROKEN: no zone lists its test point (")
    assert f"the resolver {server.address} is the likely cause, not the zone names" in (
        result.message
    )
    assert "check the zone name" not in result.message
    assert caplog.records == []


def test_one_zone_failing_its_test_point_is_still_the_zones_fault():
    answers = {f"2.0.0.127.{ZEN}": ["127.0.0.2"], f"dbltest.com.{DBL}": "NXDOMAIN"}
    with DnsServer(answers) as server:
        results = health_check(DnsblChecker(load_zones()[0], server.address, timeout=0.3))
    assert [(r.zone, r.ok) for r in results] == [(ZEN, True), (DBL, False)]
    assert "does not list its test point dbltest.com" in results[1].message
    assert "check the zone name" in results[1].message


def _closed_udp_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
@pytest.mark.parametrize("how", ["no server", "no answer"])
def test_an_unreachable_resolver_is_one_line_and_no_log(how, capsys):
    argv = ["dnsbl", "check", "--timeout", "0.1", "--resolver"]
    if how == "no server":
        status = run_cli([*argv, f"127.0.0.1:{_closed_udp_port()}"])
        address = None
    else:
        points = [
            f"2.0.0.127.{ZEN}",
            f"1.0.0.127.{ZEN}",
            f"dbltest.com.{DBL}",
            f"example.com.{DBL}",
        ]
        with DnsServer(dict.fromkeys(points, "TIMEOUT")) as server:
            status = run_cli([*argv, server.address])
            address = server.address
    out, err = capsys.readouterr()
    assert status == 1
    assert err == ""  # not a BROKEN: line and a log line
    (line,) = out.splitlines()
    assert line.startswith("BROKEN: the resolver 127.0.0.1:")
    assert f"for every zone ({ZEN}, {DBL}): every lookup will fail. Fix: " in line
    if address is not None:
        assert f"the resolver {address} gives timeout after 0.1s for every zone" in line


# -- the command line ---------------------------------------------------------


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="spamkit")
    dnsbl_cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.run(args)


def test_cli_ok(dns_server, capsys):
    assert run_cli(["dnsbl", "check", "--resolver", dns_server.address, "--timeout", "0.3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["OK:", "OK:"]


def test_cli_broken_open_resolver(capsys):
    answers = {f"2.0.0.127.{ZEN}": ["127.255.255.254"], f"1.0.0.127.{ZEN}": ["127.255.255.254"]}
    with DnsServer(answers) as server:
        status = run_cli(["dnsbl", "check", "--resolver", server.address, "--zone", "zen"])
    out = capsys.readouterr().out
    assert status == 1
    assert out.startswith(
        "BROKEN: zen.spamhaus.org answers 127.255.255.254 (open resolver) for 2.0.0.127: "
        "every lookup will fail."
    )


def test_cli_generic_zone(capsys):
    answers = {"2.0.0.127.bl.example.test": ["127.0.0.5"], "1.0.0.127.bl.example.test": "NXDOMAIN"}
    with DnsServer(answers) as server:
        assert (
            run_cli(["dnsbl", "check", "--resolver", server.address, "--zone", "bl.example.test"])
            == 0
        )
        assert server.queries == ["2.0.0.127.bl.example.test", "1.0.0.127.bl.example.test"]
    answers["2.0.0.127.bl.example.test"] = ["127.255.255.1"]
    with DnsServer(answers) as server:
        assert (
            run_cli(["dnsbl", "check", "--resolver", server.address, "--zone", "bl.example.test"])
            == 1
        )
    assert "(error code from the list)" in capsys.readouterr().out


MAILLOG = "".join(
    line + "\n"
    for line in [
        (
            "Nov 27 03:12:01 mx postfix/smtpd[811]: NOQUEUE: reject: RCPT from "
            "mail.example.net[198.51.100.7]: 554 5.7.1 Service unavailable; Client host "
            "[198.51.100.7] blocked using zen.spamhaus.org; Error: open resolver; "
            "https://check.spamhaus.org/returnc/pub/172.0.0.1/; from=<a@example.net> "
            "to=<me@example.org> proto=ESMTP helo=<mail.example.net>"
        ),
        (
            "Nov 27 03:12:09 mx postfix/smtpd[811]: NOQUEUE: reject: RCPT from "
            "mx.example.com[203.0.113.9]: 554 5.7.1 Service unavailable; Client host "
            "[203.0.113.9] blocked using zen.spamhaus.org; Error: open resolver; "
            "https://check.spamhaus.org/returnc/pub/172.0.0.1/; from=<b@example.com> "
            "to=<me@example.org> proto=ESMTP helo=<mx.example.com>"
        ),
        (
            "Nov 27 03:13:00 mx postfix/smtpd[812]: NOQUEUE: reject: RCPT from "
            "spam.example[192.0.2.66]: 554 5.7.1 Service unavailable; Client host "
            "[192.0.2.66] blocked using zen.spamhaus.org; "
            "https://www.spamhaus.org/query/ip/192.0.2.66; from=<s@spam.example> "
            "to=<me@example.org> proto=ESMTP helo=<spam>"
        ),
        ("Nov 27 03:14:00 mx postfix/smtpd[812]: connect from unknown[192.0.2.1]"),
    ]
)


def test_scan_maillog_counts_error_rejections():
    (finding,) = scan_maillog(MAILLOG.splitlines())
    assert (finding.zone, finding.error, finding.count) == (ZEN, "open resolver", 2)


def test_cli_maillog(dns_server, tmp_path, capsys):
    log = tmp_path / "mail.log"
    log.write_text(MAILLOG)
    argv = ["dnsbl", "check", "--resolver", dns_server.address, "--maillog", str(log)]
    assert run_cli(argv) == 1
    out = capsys.readouterr().out
    assert (
        "2 message(s) rejected because zen.spamhaus.org answered an error (Error: open resolver)"
        in out
    )
    assert "reject_rbl_client zen.spamhaus.org=127.0.0.[2..11]" in out
    log.write_text(MAILLOG.splitlines()[-1] + "\n")
    assert run_cli(argv) == 0
    assert "no rejections caused by DNSBL errors" in capsys.readouterr().out


@pytest.mark.slow
def test_python_m_spamkit_dnsbl_check(dns_server):
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "spamkit",
            "dnsbl",
            "check",
            "--resolver",
            dns_server.address,
            "--zone",
            "zen.spamhaus.org",
            "--timeout",
            "0.5",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "OK: zen.spamhaus.org (2.0.0.127 listed as RCVD_IN_ZEN_SBL,RCVD_IN_ZEN_XBL,"
        "RCVD_IN_ZEN_PBL, 1.0.0.127 clean)\n"
    )
