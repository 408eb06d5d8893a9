"""Informant protection (五（三）保密, 五（六）不得打击报复).

Two halves.  ``identity_leaks`` spots identity written into a tip's printed fields, so
neither ``validate`` nor ``tip add`` lets it into the repository.  ``InformantStore`` keeps
the identity the office does need (to call the informant back) OUTSIDE the repository:
one JSON file per records tree, mode 0600, in ``$XUNCHA_CONFIDENTIAL`` or
``~/.local/share/xuncha/informants``.  The tip only carries an opaque random
``informant_ref``: nothing in git can be turned back into a name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
from pathlib import Path

from ..model.identity import identity_leaks  # noqa: F401  (the one detector, kept importable here)

ENV_VAR = "XUNCHA_CONFIDENTIAL"

_REF = re.compile(r"^inf-[0-9a-f]{16}$")


def is_opaque_ref(value: str) -> bool:
    return bool(_REF.match(value))


def new_ref() -> str:
    return "inf-" + secrets.token_hex(8)


def store_dir() -> Path:
    given = os.environ.get(ENV_VAR)
    if given:
        return Path(given).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "xuncha" / "informants"


def records_key(records_root: Path) -> str:
    """A name for one records tree that survives moving or cloning it: its first git commit, else its path."""
    from ..records import git

    repo = git.repo_root(records_root)
    if repo is not None:
        result = git._run(["rev-list", "--max-parents=0", "HEAD"], repo, check=False)
        roots = result.stdout.split()
        if result.returncode == 0 and roots:
            return "git-" + sorted(roots)[0][:16]
    return "path-" + hashlib.sha256(str(records_root.resolve()).encode()).hexdigest()[:16]


class StoreRefused(Exception):
    """The confidential store cannot be used where it is; the message is Chinese."""


class InformantStore:
    """The identities, outside the repository, readable only by the clerk's own account."""

    def __init__(self, records_root: Path, folder: Path | None = None):
        self.folder = folder or store_dir()
        self.path = self.folder / f"{records_key(records_root)}.json"
        self.records_root = records_root

    def check_location(self) -> None:
        """A store inside a git work tree would be swept into a commit (``git add -A``) or a push:
        the one place it must never be (五（三））."""
        from ..records import git

        folder = self.folder.resolve()
        inside_records = folder.is_relative_to(self.records_root.resolve().parent)
        repo = git.repo_root(folder)
        if repo is not None or inside_records:
            where = f"git 仓库 {repo} 之内" if repo is not None else f"台账 {self.records_root.parent} 之内"
            raise StoreRefused(f"举报人保密库 {folder} 位于{where}，举报人身份会随仓库提交或拷贝而泄露（五（三））。"
                               f"请把环境变量 {ENV_VAR} 指向任何 git 仓库以外的目录（缺省为 ~/.local/share/xuncha/informants）；"
                               f"本次未作任何改动")

    def _read(self) -> dict:
        if not self.path.exists():
            return {}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def get(self, ref: str) -> dict | None:
        return self._read().get(ref)

    def prepare_add(self, changes, *, inspection: str, tip: str, name: str | None, phone: str | None,
                    address: str | None = None) -> str:
        """File the identity as part of ``changes``: it reaches the store only together with its
        tip's commit, and a refused or killed command leaves no entry behind.  ``address``: where a
        来信 came from, so the office can write back (回访)."""
        self.check_location()
        data = self._read()
        ref = new_ref()
        while ref in data:
            ref = new_ref()
        data[ref] = {"inspection": inspection, "tip": tip, "name": name, "phone": phone, "address": address,
                     "recorded": dt.date.today().isoformat()}
        # 0700 folder, 0600 file: no other account can read it, even for a moment.
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        changes.put(self.path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"), mode=0o600)
        return ref
