#!/usr/bin/env bash
# Nightly ingest of a conference's PDFs into a proceedings archive (see docs/nightly.md).
#
#   PROC_DB=/srv/proceedings/icml2026.db PDF_DIR=/srv/icml2026/pdfs scripts/nightly-ingest.sh
#
# Environment:
#   PROC_DB         the archive (required)
#   PDF_DIR         folder(s) of PDFs, space-separated (required)
#   PROC            the proc executable (default: proc on PATH)
#   LOG_DIR         where logs go (default: directory of PROC_DB)
#   INGEST_ARGS     extra options, e.g. "--workers 8 --timeout 300 --prune"
#   WAIT_FOR_LOCK   1 to wait for a running ingest instead of giving up (default: 0)
#
# Exit codes (those of proc ingest): 0 everything went in, 3 some files failed (listed in the
# log and by `proc failures`), 1 the run itself failed, 2 bad usage.
set -euo pipefail

: "${PROC_DB:?set PROC_DB to the archive file}"
: "${PDF_DIR:?set PDF_DIR to the folder of PDFs}"
PROC="${PROC:-proc}"
LOG_DIR="${LOG_DIR:-$(dirname "$PROC_DB")}"
WAIT_FOR_LOCK="${WAIT_FOR_LOCK:-0}"
mkdir -p "$LOG_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="$LOG_DIR/ingest-$stamp.log"
summary="$LOG_DIR/ingest-$stamp.json"
export PROC_DB

read -r -a pdf_dirs <<< "$PDF_DIR"
read -r -a extra <<< "${INGEST_ARGS:-}"
if [[ "$WAIT_FOR_LOCK" == 1 ]]; then
    extra+=(--wait)
fi

status=0
"$PROC" ingest --json --log-file "$log" "${extra[@]}" "${pdf_dirs[@]}" > "$summary" 2>> "$log" \
    || status=$?
ln -sfn "$(basename "$log")" "$LOG_DIR/ingest-latest.log"

case "$status" in
    0)
        echo "$(date -u +%FT%TZ) ingest ok: $(tr -d '\n ' < "$summary" | cut -c1-200)" >> "$log"
        ;;
    3)
        echo "ingest finished with failed files (log: $log):" >&2
        "$PROC" failures --status failed >&2 || true
        ;;
    *)
        echo "ingest run failed with exit code $status (log: $log):" >&2
        tail -n 20 "$log" >&2 || true
        ;;
esac
exit "$status"
