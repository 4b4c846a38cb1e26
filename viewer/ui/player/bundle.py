"""The player's ES modules joined into the one script a Streamlit component takes (no network, no build step).

Each module runs in its own function scope and hands back its exports, so names never clash between modules;
`import {a, b} from "./x.js"` and `import * as x from "./x.js"` become reads of that module's exports. Rules the
player's modules keep (a broken rule is a BundleError naming the file and line): imports on one line, relative
to this folder, no import cycle; `export` only before `function`, `class` or `const` (every name on an
`export const` line declared as `NAME = ...`), or `export default function` in the entry module.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent
IMPORT = re.compile(r'^import\s+(?:\{([^}]*)\}|\*\s+as\s+([A-Za-z_$][\w$]*))\s+from\s+"\./([\w-]+)\.js";\s*$')
EXPORT_DECL = re.compile(r"^export\s+(?:async\s+)?(function|class|const)\s+")
CONST_NAMES = re.compile(r"(?:^export\s+const\s+|,\s*)([A-Za-z_$][\w$]*)\s*=(?!=)")
DECL_NAME = re.compile(r"^export\s+(?:async\s+)?(?:function\*?|class)\s+([A-Za-z_$][\w$]*)")


class BundleError(ValueError):
    """A player module breaks one of the rules above: `path:line: code: message`."""


def _module(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(modules imported, names exported, body lines with import/export rewritten)."""
    deps, exports, body = [], [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{n}"
        if line.startswith("import "):
            m = IMPORT.match(line)
            if not m:
                raise BundleError(f"{where}: bad-import: write `import {{a, b}} from \"./x.js\";` on one line")
            names, star, dep = m.groups()
            deps.append(dep)
            if star:
                body.append(f"const {star} = __modules[{dep!r}];")
            else:
                pairs = [p.strip().replace(" as ", ": ") for p in names.split(",") if p.strip()]
                body.append(f"const {{ {', '.join(pairs)} }} = __modules[{dep!r}];")
        elif line.startswith("export default function"):
            body.append(line.replace("export default function", "const __default = function", 1))
            exports.append("default: __default")
        elif line.strip() in ("export {};", "export {}"):
            continue
        elif line.startswith("export "):
            kind = EXPORT_DECL.match(line)
            if not kind:
                raise BundleError(f"{where}: bad-export: export only a function, class or const declaration")
            names = CONST_NAMES.findall(line) if kind.group(1) == "const" else DECL_NAME.findall(line)
            if not names:
                raise BundleError(f"{where}: bad-export: no exported name found")
            exports.extend(names)
            body.append(line[len("export "):])
        else:
            body.append(line)
    return deps, exports, body


def bundle(entry: str = "main", folder: Path = HERE) -> str:
    """The entry module and everything it imports, dependencies first, ending in the entry's default export."""
    order: list[str] = []
    parsed: dict[str, tuple[list[str], list[str], list[str]]] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in order:
            return
        if name in path:
            raise BundleError(f"{name}.js:1: import-cycle: {' -> '.join((*path, name))}")
        file = folder / f"{name}.js"
        if not file.is_file():
            raise BundleError(f"{path[-1] if path else name}.js:1: missing-module: ./{name}.js does not exist")
        parsed[name] = _module(file)
        for dep in parsed[name][0]:
            visit(dep, (*path, name))
        order.append(name)

    visit(entry, ())
    out = ["// Built from viewer/ui/player/*.js by bundle.py: edit those modules, not this text.",
           "const __modules = {};"]
    for name in order:
        _, exports, body = parsed[name]
        out.append(f"__modules[{name!r}] = (() => {{  // {name}.js")
        out.extend(body)
        out.append(f"return {{ {', '.join(exports)} }};")
        out.append("})();")
    out.append(f"export default __modules[{entry!r}].default;")
    return "\n".join(out) + "\n"
