"""Read and check an agreement file (format: agreement/data/FORMAT.md).

`read_agreement_file()` returns the file's content, checked whole and
normalised to plain Python values, or raises AgreementFileError listing the
problems as `key: problem` (the first MAX_PROBLEMS of them). It writes nothing;
goals.agreement_file.loading loads the result.
"""

from pathlib import Path

import yaml

from goals.agreement_file.document import DocumentChecker
from goals.agreement_file.values import MAX_PROBLEMS, TooManyProblems

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS",
    "AgreementFileError",
    "check_agreement_data",
    "read_agreement_file",
]

# Forty times the 2018 file: room for any agreement, while reading stays a matter of seconds.
MAX_FILE_BYTES = 1_000_000


class AgreementFileError(Exception):
    """The problems of a file, each `key: problem`; `more` when the check stopped at
    MAX_PROBLEMS with more of them to find."""

    def __init__(self, errors, *, more=False):
        super().__init__("\n".join(errors))
        self.errors = errors
        self.more = more


class _AliasFound(yaml.YAMLError):
    def __init__(self, event):
        self.anchor = event.anchor
        self.problem_mark = event.start_mark


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps as text a scalar it cannot convert (`2018-02-30`, `!!int x`),
    so that the check names the key that holds it instead of failing on the whole file.

    It refuses aliases (`*name`): an alias repeats a part of the file at no cost in bytes, so a
    small file could hold millions of entries to check. An agreement file writes each value out.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event())
        return super().compose_node(parent, index)


def _or_text(construct):
    def construct_or_text(loader, node):
        try:
            return construct(loader, node)
        except (ValueError, IndexError, AttributeError):
            return loader.construct_scalar(node)

    return construct_or_text


for _tag in ("int", "float", "timestamp"):
    _name = f"tag:yaml.org,2002:{_tag}"
    _Loader.add_constructor(_name, _or_text(yaml.SafeLoader.yaml_constructors[_name]))


def read_agreement_file(path):
    """Return the checked content of the agreement file at `path`."""
    path = Path(path)
    try:
        data = yaml.load(_read_text(path), Loader=_Loader)  # noqa: S506 (safe)
    except OSError as error:
        raise AgreementFileError([f"{path}: cannot be read ({error.strerror})"]) from error
    except UnicodeDecodeError as error:
        raise AgreementFileError([f"{path}: is not UTF-8 text"]) from error
    except RecursionError as error:
        raise AgreementFileError([f"{path}: is nested too deeply"]) from error
    except _AliasFound as error:
        raise AgreementFileError(
            [
                f"{path}: repeats another part of the file with the alias *{error.anchor} "
                f"at line {error.problem_mark.line + 1}; write the value out instead"
            ]
        ) from error
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        problem = getattr(error, "problem", None) or getattr(error, "reason", "cannot be parsed")
        raise AgreementFileError([f"{path}: is not valid YAML{line}: {problem}"]) from error
    return check_agreement_data(data)


def _read_text(path):
    """Return the file's text; a file over MAX_FILE_BYTES is refused before it is read."""
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)  # a pipe or device has no size to ask
    if len(data) > MAX_FILE_BYTES:
        raise AgreementFileError(
            [f"{path}: is larger than {MAX_FILE_BYTES:,} bytes, the most an agreement file may be"]
        )
    return data.decode("utf-8")


def check_agreement_data(data):
    """Return `data` checked and normalised, or raise AgreementFileError."""
    checker = DocumentChecker()
    try:
        content = checker.document(data)
    except TooManyProblems:
        raise AgreementFileError(checker.errors, more=True) from None
    if checker.errors:
        raise AgreementFileError(checker.errors)
    return content
