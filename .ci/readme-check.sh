#!/usr/bin/env bash
# The README's two commands on a machine with Node alone (issue 13, X4): a fresh clone of the committed tree into a
# temporary directory, then, with a PATH that holds only node, npm, npx and sh (no chromium, no pdftotext, no other
# apt package) and CHROMIUM_PATH pointing nowhere:
#   1. `npm ci` (the npm cache is reused) must print no EBADENGINE warning;
#   2. `npm test` on the tests that print (forms, requirements) must pass — READMECHECK_FULL=1 runs the whole suite;
#   3. `npm run demo` must answer the PDF requests of a 附件1 and a 附件2 with valid PDFs (.ci/readme-pdf.ts logs in
#      through the e-SSC simulator with fetch and files the two drafts).
# Then, back on the full PATH, pdftotext (when installed) must show every field label of each attachment's table.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/readme-check.XXXXXX")"
demo_pid=""
cleanup() {
  if [ -n "$demo_pid" ]; then kill -- "-$demo_pid" 2>/dev/null || kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
t0=$(date +%s)
say() { echo "readme-check ($(( $(date +%s) - t0 ))s): $*"; }

git clone -q "$repo" "$work/repo"
mkdir -p "$work/bin" "$work/out"
for tool in node npm npx sh; do ln -s "$(command -v "$tool")" "$work/bin/$tool"; done
# The machine of the README: node and npm, nothing else on the PATH; no browser where the e2e helpers would look.
bare() { env -i HOME="$HOME" PATH="$work/bin" CHROMIUM_PATH="$work/no-chromium" NO_PDFTOTEXT=1 TMPDIR="${TMPDIR:-/tmp}" "$@"; }
cd "$work/repo"
if bare sh -c 'command -v chromium || command -v pdftotext' >/dev/null; then echo "readme-check: the stripped PATH still finds chromium or pdftotext" >&2; exit 1; fi

say "npm ci (Node $(node -v), PATH=$work/bin)"
bare npm ci --no-audit --no-fund --prefer-offline 2>&1 | tee "$work/out/npm-ci.log" | grep -v "^npm warn install-scripts" || true
if grep -q EBADENGINE "$work/out/npm-ci.log"; then echo "readme-check: npm ci printed EBADENGINE" >&2; exit 1; fi
[ -d node_modules/@myriaddreamin/typst-ts-node-compiler ] || { echo "readme-check: npm ci failed" >&2; exit 1; }

if [ "${READMECHECK_FULL:-0}" = "1" ]; then
  say "npm test (whole suite)"
  bare npm test
else
  say "npm test -- src/forms src/requirements (the tests that print)"
  bare npm test -- src/forms src/requirements
fi

port=$(( 40000 + RANDOM % 20000 ))
say "npm run demo on port $port"
set -m
bare PORT="$port" DATA_DIR="$work/data/pglite" npm run demo >"$work/out/demo.log" 2>&1 &
demo_pid=$!
set +m
ready=0
for _ in $(seq 1 240); do
  if bare node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$port/api/health"; then ready=1; break; fi
  kill -0 "$demo_pid" 2>/dev/null || break
  sleep 1
done
if [ "$ready" != 1 ]; then echo "readme-check: the demo did not start:" >&2; tail -30 "$work/out/demo.log" >&2; exit 1; fi
bare BASE_URL="http://127.0.0.1:$port" OUT_DIR="$work/out" npx tsx .ci/readme-pdf.ts
requests=$(grep -c 'incoming request' "$work/out/demo.log" || true)
if [ "$requests" != 0 ]; then echo "readme-check: the demo logged $requests requests (LOG_LEVEL should default to warn)" >&2; exit 1; fi
say "demo log: no line per request (LOG_LEVEL defaults to warn)"

for f in attachment1 attachment2; do
  head -c 5 "$work/out/$f.pdf" | grep -q '%PDF-' || { echo "readme-check: $f.pdf is not a PDF" >&2; exit 1; }
  tail -c 32 "$work/out/$f.pdf" | grep -q '%%EOF' || { echo "readme-check: $f.pdf is truncated" >&2; exit 1; }
done
if command -v pdftotext >/dev/null; then
  common=(申请部门 申请日期 申请内容 申请类别 姓名 身份证号 联系方式 具体要求 申请部门意见 所在单位意见 分管领导签字/盖章)
  declare -A labels=(
    [attachment1]="附件1 管理员账户权限申请表 提交人 联系电话 岗位名称 管理员办理结果"
    [attachment2]="附件2 操作员账户权限申请表 子系统名称 联系人姓名 联系人电话 岗位角色名称 账户管理员办理 业务权限管理"
  )
  for f in attachment1 attachment2; do
    text=$(pdftotext "$work/out/$f.pdf" - | tr -d ' \n\t\f')
    for label in "${common[@]}" ${labels[$f]}; do
      case "$text" in *"$label"*) ;; *) echo "readme-check: $f.pdf lacks the label $label" >&2; exit 1 ;; esac
    done
    say "$f.pdf: valid, every field label of the table present"
  done
else
  say "pdftotext not installed: PDFs checked for structure only"
fi
say "green"
