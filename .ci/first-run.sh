#!/usr/bin/env bash
# A new office's first day, from the wheel: build it, install it into a fresh virtual environment,
# and run the README's workflow in a folder far from this checkout, as a clerk would — including
# the crontab line under cron's bare environment and a commit git refuses.
#   bash .ci/first-run.sh            (any Python 3.11+ with venv; pip reaches PyPI for the dependencies)
set -euo pipefail
checkout=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/xuncha-first-run.XXXXXX)
trap 'rm -rf "$work"' EXIT
python=${PYTHON:-python3}

step() { printf '\n== %s\n' "$*"; }
expect_exit() {  # expect_exit CODE command...: the command must exit with CODE
  local want=$1; shift
  set +e; "$@"; local got=$?; set -e
  if [ "$got" != "$want" ]; then echo "FAILED: '$*' exited $got, expected $want"; exit 1; fi
}

step "build the wheel"
quiet_pip() { "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }; return "${PIPESTATUS[0]}"; }
quiet_pip "$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$checkout"
wheel=$(ls "$work"/dist/xuncha-*.whl)
echo "$wheel"

step "install it into a fresh virtual environment"
"$python" -m venv "$work/venv"
quiet_pip "$work/venv/bin/python" -m pip install --quiet "$wheel"
xuncha="$work/venv/bin/xuncha"

# The office's clerk, far from the checkout, with the tool's own identity for the commits.
far="$work/far/away/office"
mkdir -p "$far"
cd "$far"
export GIT_AUTHOR_NAME="巡查办 陈红" GIT_AUTHOR_EMAIL="chenhong@xuncha.invalid"
export GIT_COMMITTER_NAME="巡查办 陈红" GIT_COMMITTER_EMAIL="chenhong@xuncha.invalid"
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"

step "xuncha init tz: a new tree, committed whole"
"$xuncha" init tz
test -z "$(git -C tz status --porcelain)" || { echo "FAILED: init left files uncommitted"; git -C tz status; exit 1; }
(cd tz && "$xuncha" validate)

step "xuncha init --example demo: the bundled example, committed"
"$xuncha" init --example demo
cd demo
test -z "$(git status --porcelain)"
"$xuncha" validate --as-of 2020-07-03
"$xuncha" status

step "record a step: feedback of 2020-1-jianhu"
"$xuncha" record 2020-1-jianhu feedback --date 2020-07-06 --by chen-hong --place 建湖县行政中心会议中心
git log -1 --format=%s | grep -q '^xuncha: record feedback 2020-1-jianhu 2020-07-06'
test -z "$(git status --porcelain)"

step "render all 2020-1-dongtai from the installed templates"
"$xuncha" render all 2020-1-dongtai --verbose | tee "$work/render.txt"
grep -q "模板：report ← $work/venv/" "$work/render.txt"
test -s out/2020-1-dongtai/report.docx
test -z "$(git status --porcelain)"  # rendered papers stay out of git

step "check-deadlines: silent when all is well, a list and exit 1 when something is overdue"
expect_exit 0 "$xuncha" check-deadlines --as-of 2020-06-01
expect_exit 1 "$xuncha" check-deadlines --as-of 2020-07-20

step "the crontab line, under cron's bare environment"
line=$("$xuncha" doctor --crontab | tail -n 1)
echo "$line"
command=${line#* * * * 1-5 }
env -i PATH=/usr/bin:/bin HOME="$HOME" GIT_CONFIG_NOSYSTEM=1 sh -c "cd / && $command --as-of 2020-06-01"
echo "cron run: exit 0, silent"

step "a commit git refuses is a refusal: exit 2, nothing written"
before=$(git rev-parse HEAD; git status --porcelain; cat records/inspections/2020-1-jtj/*.yaml | md5sum)
hook=$(git rev-parse --git-path hooks)/pre-commit
printf '#!/bin/sh\necho "hook says no" >&2\nexit 1\n' > "$hook"; chmod +x "$hook"
expect_exit 2 "$xuncha" record 2020-1-jtj end --date 2020-07-10
rm "$hook"
after=$(git rev-parse HEAD; git status --porcelain; cat records/inspections/2020-1-jtj/*.yaml | md5sum)
[ "$before" = "$after" ] || { echo "FAILED: the refused command changed the tree"; exit 1; }

step "no git identity: init refuses and leaves nothing"
cd "$work/far"
expect_exit 2 env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL "$xuncha" init nobody
test ! -e nobody

echo
echo "first run from the wheel: all steps passed"
