"""One self-contained HTML page for a fleet audit: no network, no external files.

Summary, a bar per rule (hosts failing it), a per-host table that sorts by host or by any
count (ascending, then descending) and filters by text, and each host's findings with their
evidence (file, line, related locations) as link targets.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from urllib.parse import quote

from bondlint.policies.engine import Finding
from bondlint.reporters import Report, summary_line
from bondlint.reporters.blast import html_section

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f3f3f3}th[aria-sort]{cursor:pointer}.bar{background:#c0392b;height:1em;display:inline-block}
.warning .bar{background:#e67e22}.note .bar{background:#7f8c8d}
.error{color:#c0392b}.sev-warning{color:#e67e22}code{font-size:.9em}
"""

_SCRIPT = """
function sortTable(col){const t=document.getElementById('hosts'),body=t.tBodies[0],heads=t.tHead.rows[0].cells;
const num=heads[col].dataset.type=='num',asc=!(t.dataset.col==String(col)&&t.dataset.dir=='asc');
const v=(r,i)=>r.cells[i].dataset.v,cmp=(x,y)=>x<y?-1:x>y?1:0;
const rows=[...body.rows].sort((a,b)=>{const c=num?Number(v(a,col))-Number(v(b,col)):cmp(v(a,col),v(b,col));
return (asc?c:-c)||cmp(v(a,0),v(b,0))});
rows.forEach(r=>body.appendChild(r));t.dataset.col=col;t.dataset.dir=asc?'asc':'desc';
for(const h of heads){if(h.hasAttribute('aria-sort'))\
h.setAttribute('aria-sort',h===heads[col]?(asc?'ascending':'descending'):'none')}}
function sortKey(e,col){if(e.key=='Enter'||e.key==' '){e.preventDefault();sortTable(col)}}
function filterTable(){const q=document.getElementById('filter').value.trim().toLowerCase();
for(const r of document.getElementById('hosts').tBodies[0].rows){r.hidden=!r.textContent.toLowerCase().includes(q)}}
"""


def render(report: Report) -> str:
    findings = [f for f in report.result.findings if f.active]
    hosts = sorted(set(report.result.hosts))
    per_host: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        per_host[finding.host].append(finding)
    by_rule: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for finding in findings:
        by_rule[(finding.rule_id, finding.rule_name, finding.severity)].add(finding.host)
    widest = max((len(h) for h in by_rule.values()), default=1)

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>bondlint fleet audit</title>',
        f"<style>{_STYLE}</style><script>{_SCRIPT}</script></head><body>",
        "<h1>bondlint fleet audit</h1>",
        f'<p id="summary">{escape(summary_line(report))}</p>',
        "<h2>Hosts failing per rule</h2>",
        '<table id="rules"><thead><tr><th>rule</th><th>severity</th><th>hosts</th><th></th></tr></thead><tbody>',
    ]
    order = {"error": 0, "warning": 1, "note": 2}
    for (rule_id, name, severity), affected in sorted(
        by_rule.items(), key=lambda kv: (order[kv[0][2]], -len(kv[1]), kv[0][0])
    ):
        width = 20 * len(affected) / widest
        parts.append(
            f'<tr class="{severity}"><td>{rule_id} {escape(name)}</td><td>{severity}</td>'
            f'<td>{len(affected)}</td><td><span class="bar" style="width:{width:.1f}em"></span></td></tr>'
        )
    parts += [
        "</tbody></table>",
        "<h2>Hosts</h2>",
        '<input id="filter" placeholder="filter hosts, rules…" oninput="filterTable()">',
        '<table id="hosts"><thead><tr>'
        '<th aria-sort="none" tabindex="0" onclick="sortTable(0)" onkeydown="sortKey(event,0)">host</th>'
        '<th aria-sort="none" data-type="num" tabindex="0" onclick="sortTable(1)" onkeydown="sortKey(event,1)">'
        "errors</th>"
        '<th aria-sort="none" data-type="num" tabindex="0" onclick="sortTable(2)" onkeydown="sortKey(event,2)">'
        "warnings</th>"
        '<th aria-sort="none" data-type="num" tabindex="0" onclick="sortTable(3)" onkeydown="sortKey(event,3)">'
        "notes</th><th>rules</th></tr></thead><tbody>",
    ]
    for host in hosts:
        tally = Counter(f.severity for f in per_host[host])
        rules = sorted({f.rule_id for f in per_host[host]})
        links = " ".join(f'<a href="#{escape(_rule_anchor(host, r))}">{r}</a>' for r in rules)
        parts.append(
            f'<tr><td data-v="{escape(host)}"><a href="#{escape(_host_anchor(host))}">{escape(host)}</a></td>'
            f'<td data-v="{tally["error"]}">{tally["error"]}</td>'
            f'<td data-v="{tally["warning"]}">{tally["warning"]}</td>'
            f'<td data-v="{tally["note"]}">{tally["note"]}</td><td data-v="{" ".join(rules)}">{links}</td></tr>'
        )
    parts.append("</tbody></table>")
    parts.append(html_section(report.result.blast_radius))
    parts.append("<h2>Evidence</h2>")
    for host in hosts:
        # Every host row links here, so a clean host gets its heading too.
        parts.append(f'<h3 id="{escape(_host_anchor(host))}">{escape(host)}</h3>')
        if not per_host[host]:
            parts.append("<p>no findings</p>")
            continue
        parts.append("<ul>")
        seen: set[str] = set()
        for finding in per_host[host]:
            anchor = _rule_anchor(host, finding.rule_id)
            ident = f' id="{escape(anchor)}"' if anchor not in seen else ""
            seen.add(anchor)
            related = "".join(
                f"<li><code>{escape(r.location.path)}:{r.location.line}</code></li>" for r in finding.related
            )
            parts.append(
                f'<li{ident}><span class="{"error" if finding.severity == "error" else "sev-" + finding.severity}">'
                f"{finding.severity} {finding.rule_id}</span> {escape(finding.message)}<br>"
                f"<code>{escape(finding.location.path)}:{finding.location.line}</code>"
                + (f"<ul>{related}</ul>" if related else "")
                + "</li>"
            )
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# Anchors are percent-encoded (quote with nothing safe): an encoded name survives URL
# parsing unchanged (a raw tab or "%20" would not), so each host's anchor is its own; the
# two prefixes keep host anchors and finding anchors apart whatever a host is called.
def _host_anchor(host: str) -> str:
    return f"host-{quote(host, safe='')}"


def _rule_anchor(host: str, rule_id: str) -> str:
    return f"finding-{quote(host, safe='')}-{rule_id}"
