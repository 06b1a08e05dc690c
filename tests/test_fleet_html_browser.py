"""The fleet HTML page driven in a real browser: sorting, filtering, evidence links, no network.

Debian's ``chromium`` and ``chromium-driver`` (``/usr/bin/chromedriver``), driven through
selenium with an explicit driver path, so Selenium Manager never downloads anything.
Without them the tests skip, except under CI (``CI`` set), where .ci/run installs both and
their absence is a failure.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import FIXTURES, required_tool
from test_fleet import SOSREPORT, make_fleet
from typer.testing import CliRunner

from bondlint.cli import app

# Drives Chromium through selenium: an integration test, out of the `-m "not slow"` loop.
pytestmark = pytest.mark.integration

runner = CliRunner()
NUMERIC = ("errors", "warnings", "notes")
COLUMNS = ("host", *NUMERIC)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    chromium = required_tool(
        shutil.which("chromium") or shutil.which("chromium-browser"), "chromium", "apt-get install chromium"
    )
    chromedriver = required_tool(shutil.which("chromedriver"), "chromedriver", "apt-get install chromium-driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        required_tool(None, "selenium", "pip install '.[test]'")
    profile = tmp_path_factory.mktemp("chromium")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={profile / 'profile'}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    service = Service(executable_path=chromedriver, log_output=str(profile / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The fleet page and the JSON report of the same `bondlint audit` run."""
    root = tmp_path_factory.mktemp("fleet")
    fleet = make_fleet(root)
    # make_fleet's db04, tar01 and web01 are one sosreport under three names. Two more bundles
    # of web01 (later days) triple its counts, to two digits; a host from the runbook's broken
    # capture adds other counts again.
    for day in (25, 26):  # web01's error count reaches two digits (12 against 7)
        later = fleet / "trees" / f"sosreport-web01-2026-11-{day}"
        shutil.copytree(SOSREPORT, later)
        (later / "hostname").write_text("web01\n")
    app02 = fleet / "trees" / "sosreport-app02-2026-11-24"
    shutil.copytree(FIXTURES / "runbook" / "broken" / "capture", app02)
    (app02 / "sos_reports").mkdir()
    (app02 / "version.txt").write_text("sosreport: 4.8.1\n")
    (app02 / "hostname").write_text("app02\n")
    # Host names that break naive anchors: a space (URL parsing encodes it) beside its own
    # percent-encoded spelling, and HTML metacharacters.
    for index, odd in enumerate(("p q", "p%20q", "x\"<&>'y")):
        copy = fleet / "trees" / f"sosreport-odd{index}-2026-11-24"
        shutil.copytree(app02, copy)
        (copy / "hostname").write_text(f"{odd}\n")
    page = root / "fleet.html"
    # The opt-in no-primary note gives the notes column counts that differ between hosts.
    config = root / "bondlint.yaml"
    config.write_text("rules:\n  active-backup-without-primary: {enabled: true}\n")
    result = runner.invoke(
        app,
        [
            "audit",
            "--jobs",
            "1",
            "--fail-on",
            "never",
            "--format",
            "json",
            "--config",
            str(config),
            "--html",
            str(page),
            str(fleet),
        ],
    )
    assert result.exit_code == 0, result.output
    return page, json.loads(result.stdout)


@pytest.fixture
def page(browser: Any, audit: tuple[Path, dict]) -> Any:
    """The page freshly loaded (unsorted, unfiltered)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(audit[0].as_uri())
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#hosts tbody tr")))
    return browser


def table(driver: Any) -> list[tuple[str, int, int, int]]:
    """The host table's rows in document order: (host, errors, warnings, notes)."""
    cells = driver.execute_script(
        "return [...document.querySelectorAll('#hosts tbody tr')]"
        ".map(r => [...r.cells].slice(0, 4).map(c => c.textContent.trim()))"
    )
    return [(host, int(e), int(w), int(n)) for host, e, w, n in cells]


def visible_hosts(driver: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    rows = driver.find_elements(By.CSS_SELECTOR, "#hosts tbody tr")
    return [
        row.find_element(By.TAG_NAME, "td").get_attribute("textContent").strip() for row in rows if row.is_displayed()
    ]


def settles(driver: Any, probe: Callable[[Any], Any], expected: Any) -> Any:
    """``probe(driver)`` once it equals ``expected`` (or after 10 s, for the assertion's diff)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    with contextlib.suppress(TimeoutException):
        WebDriverWait(driver, 10).until(lambda d: probe(d) == expected)
    return probe(driver)


def header(driver: Any, name: str) -> Any:
    from selenium.webdriver.common.by import By

    (found,) = [th for th in driver.find_elements(By.CSS_SELECTOR, "#hosts thead th") if th.text.strip() == name]
    return found


def sort_states(driver: Any) -> dict[str, str]:
    return {name: header(driver, name).get_attribute("aria-sort") for name in COLUMNS}


def expected_rows(audit: tuple[Path, dict]) -> list[tuple[str, int, int, int]]:
    """What the table must hold, from the JSON report of the same run, in host order."""
    report = audit[1]
    tally = Counter((f["host"], f["severity"]) for f in report["findings"])
    return [(h, tally[h, "error"], tally[h, "warning"], tally[h, "note"]) for h in sorted(report["hosts"])]


def test_table_starts_in_host_order_with_each_hosts_counts(page: Any, audit: tuple[Path, dict]) -> None:
    rows = table(page)
    assert rows == expected_rows(audit)
    # (Whether the truncated bundle counts as a host of its own depends on how much of it is read.)
    assert {"app02", "db04", "ok01", "tar01", "web01"} <= {r[0] for r in rows}
    # The fleet is one where sorting shows: sorting by any count changes the order, and the
    # errors' numeric order is not their string order (14 errors against 7).
    for index in (1, 2, 3):
        assert len({r[index] for r in rows}) >= 2 and sorted(rows, key=lambda r: (r[index], r[0])) != rows
    errors = [r[1] for r in rows]
    assert sorted(errors) != [int(s) for s in sorted(map(str, errors))]
    assert sort_states(page) == dict.fromkeys(COLUMNS, "none")
    assert visible_hosts(page) == [r[0] for r in rows]


@pytest.mark.parametrize("column", COLUMNS)
def test_a_header_click_sorts_ascending_and_a_second_descending(
    page: Any, audit: tuple[Path, dict], column: str
) -> None:
    rows = expected_rows(audit)
    index = COLUMNS.index(column)
    if column == "host":
        ascending, descending = sorted(rows), sorted(rows, reverse=True)
    else:
        # Ties are ordered by host name, whichever way the column is sorted.
        ascending = sorted(rows, key=lambda r: (r[index], r[0]))
        descending = sorted(rows, key=lambda r: (-r[index], r[0]))
    assert ascending != descending

    header(page, column).click()
    assert settles(page, table, ascending) == ascending
    values = [r[index] for r in table(page)]
    assert values == sorted(values)
    assert sort_states(page) == {c: "ascending" if c == column else "none" for c in COLUMNS}

    header(page, column).click()
    assert settles(page, table, descending) == descending
    values = [r[index] for r in table(page)]
    assert values == sorted(values, reverse=True)
    assert sort_states(page) == {c: "descending" if c == column else "none" for c in COLUMNS}

    header(page, column).click()
    assert settles(page, table, ascending) == ascending


def test_another_column_starts_ascending_again(page: Any, audit: tuple[Path, dict]) -> None:
    rows = expected_rows(audit)
    header(page, "errors").click()
    header(page, "errors").click()
    assert settles(page, lambda d: sort_states(d)["errors"], "descending") == "descending"
    header(page, "notes").click()
    by_notes = sorted(rows, key=lambda r: (r[3], r[0]))
    assert settles(page, table, by_notes) == by_notes
    header(page, "errors").click()
    by_errors = sorted(rows, key=lambda r: (r[1], r[0]))
    assert settles(page, table, by_errors) == by_errors


def test_headers_sort_from_the_keyboard(page: Any, audit: tuple[Path, dict]) -> None:
    """Tab to a header, Enter or Space sorts by it (the headers are focusable)."""
    from selenium.webdriver.common.keys import Keys

    rows = expected_rows(audit)
    errors = header(page, "errors")
    assert errors.get_attribute("tabindex") == "0"
    errors.send_keys(Keys.ENTER)
    by_errors = sorted(rows, key=lambda r: (r[1], r[0]))
    assert settles(page, table, by_errors) == by_errors
    assert page.switch_to.active_element == errors
    errors.send_keys(Keys.SPACE)
    descending = sorted(rows, key=lambda r: (-r[1], r[0]))
    assert settles(page, table, descending) == descending
    header(page, "host").send_keys("x")  # any other key does nothing
    assert table(page) == descending


def test_rules_column_is_not_sortable(page: Any) -> None:
    before = table(page)
    rules = header(page, "rules")
    assert rules.get_attribute("aria-sort") is None and rules.get_attribute("onclick") is None
    rules.click()
    assert table(page) == before


def _type(box: Any, text: str) -> None:
    from selenium.webdriver.common.keys import Keys

    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    if text:
        box.send_keys(text)


def test_filter_box_hides_rows_that_do_not_match_and_clearing_restores_them(
    page: Any, audit: tuple[Path, dict]
) -> None:
    from selenium.webdriver.common.by import By

    everyone = [r[0] for r in expected_rows(audit)]

    def having(rule: str) -> list[str]:
        return sorted({f["host"] for f in audit[1]["findings"] if f["rule"] == rule})

    with_bl000, with_bl154 = having("BL000"), having("BL154")
    assert 0 < len(with_bl000) < len(with_bl154) < len(everyone)
    box = page.find_element(By.ID, "filter")
    cases = [
        ("tar", ["tar01"]),  # a host name, in part
        ("WEB01", ["web01"]),  # case does not matter
        ("bl000", with_bl000),  # a rule id in the rules column
        ("BL154", with_bl154),
        ("no-such-host", []),
        ("", everyone),  # cleared: every row is back
    ]
    for text, shown in cases:
        _type(box, text)
        assert settles(page, visible_hosts, shown) == shown, text
    # Filtering and sorting compose: a sort keeps the hidden rows hidden.
    _type(box, "BL154")
    header(page, "errors").click()
    header(page, "errors").click()
    by_errors = [r[0] for r in sorted(expected_rows(audit), key=lambda r: (-r[1], r[0]))]
    wanted = [host for host in by_errors if host in with_bl154]
    assert settles(page, visible_hosts, wanted) == wanted
    _type(box, "")
    assert settles(page, visible_hosts, by_errors) == by_errors


def test_every_link_in_the_host_table_reaches_its_evidence(page: Any, audit: tuple[Path, dict]) -> None:
    from selenium.webdriver.common.by import By

    links = page.execute_script("return [...document.querySelectorAll('#hosts a')].map(a => a.getAttribute('href'))")
    assert links and all(link.startswith("#") for link in links)
    first: dict[str, dict] = {}
    for finding in audit[1]["findings"]:
        first.setdefault(f"finding-{quote(finding['host'], safe='')}-{finding['rule']}", finding)
    # One link per host, one per (host, rule) with a finding.
    assert sorted(links) == sorted(
        [f"#host-{quote(h, safe='')}" for h in audit[1]["hosts"]] + [f"#{anchor}" for anchor in first]
    )
    for link in links:
        targets = page.find_elements(By.ID, link[1:])
        assert len(targets) == 1, f"{link} has {len(targets)} targets"
        text = targets[0].get_attribute("textContent")
        if link[1:] in first:
            finding = first[link[1:]]
            assert finding["rule"] in text and finding["message"] in text, link
            assert f"{finding['path']}:{finding['line']}" in text, link
        else:
            assert targets[0].tag_name == "h3" and f"host-{quote(text.strip(), safe='')}" == link[1:]
    # Following a link (the last one: its evidence is furthest down) brings the evidence into view.
    target = links[-1][1:]
    in_view = (
        "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return r.bottom > 0 && r.top < window.innerHeight"
    )
    assert page.execute_script(in_view, target) is False
    page.find_element(By.CSS_SELECTOR, f'#hosts a[href="#{target}"]').click()
    assert settles(page, lambda d: d.execute_script("return location.hash"), f"#{target}") == f"#{target}"
    assert settles(page, lambda d: d.execute_script(in_view, target), True) is True

    def landed(d: Any) -> Any:
        return d.execute_script("const t = document.querySelector(':target'); return t && t.textContent")

    # Every host link lands on that host's own heading, odd names included ("p q" beside
    # "p%20q": a browser tries the raw fragment before decoding it).
    for host in audit[1]["hosts"]:
        page.execute_script(
            "arguments[0].click()", page.find_element(By.CSS_SELECTOR, f'#hosts a[href="#host-{quote(host, safe="")}"]')
        )
        assert settles(page, landed, host) == host


def test_page_loads_nothing_and_logs_no_script_error(browser: Any, audit: tuple[Path, dict]) -> None:
    from selenium.webdriver.common.by import By

    browser.get_log("performance")  # drop what earlier tests left
    browser.get_log("browser")
    page = audit[0].as_uri()
    browser.get(page)
    # Nothing on the page points outside it.
    outside = browser.execute_script(
        "const out = [];"
        "for (const e of document.querySelectorAll('*')) {"
        "  for (const a of ['src', 'href', 'action', 'srcset', 'data', 'poster', 'background']) {"
        "    const v = e.getAttribute(a); if (v !== null && !v.startsWith('#')) out.push(`${e.tagName} ${a}=${v}`); } }"
        "for (const e of document.querySelectorAll('link, base, img, iframe, object, embed, video, audio, source'))"
        "  out.push(e.outerHTML.slice(0, 100));"
        "return out"
    )
    assert outside == []
    html = audit[0].read_text()
    assert "url(" not in html and "@import" not in html and "<script src" not in html
    # Use every control, then look at what the browser fetched on the page's behalf.
    for name in COLUMNS:
        header(browser, name).click()
        header(browser, name).click()
    _type(browser.find_element(By.ID, "filter"), "db04")
    _type(browser.find_element(By.ID, "filter"), "")
    for link in browser.find_elements(By.CSS_SELECTOR, "#hosts a")[:3]:
        link.click()
    last = [r[0] for r in sorted(expected_rows(audit), key=lambda r: (-r[3], r[0]))]  # notes, descending
    assert settles(browser, visible_hosts, last) == last
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        sent = message["method"] == "Network.requestWillBeSent"
        if sent and message["params"].get("documentURL", "").startswith(page):
            requested.append(message["params"]["request"]["url"])
        assert message["method"] != "Network.webSocketCreated", message
    assert requested == [page]
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
