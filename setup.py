"""What goes into the wheel: the code, and the data xuncha needs at run time wherever it is installed.

The document templates (templates/) and the bundled example (records/) live at the top of the
repository — the office edits the one, the README walks through the other — and stay the only
copies: the wheel carries them as the data packages ``xuncha._templates`` and ``xuncha._example``.
pyproject.toml cannot say this (its package finder sees only folders under xuncha/), so the
package list, their folders and their data are said here; metadata and dependencies stay in
pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

DATA_FOLDERS = {"xuncha._templates": "templates", "xuncha._example": "records"}
DATA_FILES = ["*.yaml", "*.j2", "*.md", "*.json"]


def data_packages(package: str, folder: str) -> list[str]:
    return [package] + [f"{package}.{sub}" for sub in find_namespace_packages(where=folder)]


code = find_namespace_packages(include=["xuncha", "xuncha.*"], exclude=["*.__pycache__"])
data = [p for package, folder in DATA_FOLDERS.items() for p in data_packages(package, folder)]

setup(
    packages=code + data,
    package_dir={package: folder for package, folder in DATA_FOLDERS.items()},
    # ".schema" is not a package name: its editor schemas ride with the example's top folder.
    package_data={"": DATA_FILES, "xuncha._example": DATA_FILES + [".schema/*.json"]},
)
