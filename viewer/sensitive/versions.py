"""One job, one set of versions: what every worker of an engine reports (OCR engine, detectors, options) must
be the same before a job starts, and a job that needs OCR refuses workers that cannot run it."""

from __future__ import annotations

from .ocr import OcrUnavailable

NO_OCR = "a worker cannot run Tesseract OCR (not installed or not on its PATH)"


class VersionMismatch(RuntimeError):
    """The workers of a job run different OCR engines, detectors or configurations."""


def agreed(seen: list[dict[str, str]], ocr: bool) -> dict[str, str]:
    """The one set of versions all workers reported; VersionMismatch when they differ (naming what differs,
    and the versions seen), OcrUnavailable when `ocr` is needed and the workers have none."""
    first = seen[0]
    if any(v != first for v in seen[1:]):
        kinds = sorted({k for v in seen for k in {*v, *first} if v.get(k) != first.get(k)})
        raise VersionMismatch(f"the workers run different {', '.join(kinds)} versions: "
                              f"{sorted({str(v.get(kinds[0])) for v in seen})}; one job uses one version")
    if ocr and first.get("ocr") == "none":
        raise OcrUnavailable(NO_OCR)
    return first


def ocr_version() -> dict[str, str]:
    """This worker's OCR engine ("none" when Tesseract cannot run here)."""
    from .ocr_cache import engine_version

    return {"ocr": engine_version()}
