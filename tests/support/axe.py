"""axe-core in the browser tests: the vendored engine injected into a page, and its serious findings.

axe-core is vendored in tests/support/vendor/ (see the README there): nothing is fetched at test time.
Only `serious` and `critical` findings fail a test, as the issue asks; WCAG 2.1 A and AA rules plus axe's
best practices are run so a missing landmark or a `lang` mistake shows too.
"""

from __future__ import annotations

from pathlib import Path

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; the serious and critical violations it reports."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the console's CSP (no inline script) stays as served.
        page.evaluate("source => { (0, eval)(source); }", AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [v for v in result["violations"] if v.get("impact") in FAILING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """The findings in a failure message: rule, impact, what to fix and where."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def page_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (WCAG 1.4.10 reflow wants 0)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
