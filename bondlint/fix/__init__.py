"""``bondlint fix``: each rule's declared fix made in the bond's own file, only the lines
that change, kept only when a scan of the fixed file shows the finding gone and nothing new.

``plan_fixes`` plans and checks (``plan.py``), the editors speak each format
(``editors.py``), ``output.py`` shows the diff, writes the files atomically and gives
SARIF reporters each finding's replacements (``finding_replacements``, ``sarif_fixes``).
"""
