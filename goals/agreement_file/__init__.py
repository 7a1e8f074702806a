"""Read and check an agreement file (format: agreement/data/FORMAT.md).

`read_agreement_file()` returns the file's content, checked whole and
normalised to plain Python values, or raises AgreementFileError listing every
problem as `key: problem`. It writes nothing; goals.agreement_file.loading loads the result.
"""

from pathlib import Path

import yaml

from goals.agreement_file.document import DocumentChecker

__all__ = ["AgreementFileError", "check_agreement_data", "read_agreement_file"]


class AgreementFileError(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps as text a scalar it cannot convert (`2018-02-30`, `!!int x`),
    so that the check names the key that holds it instead of failing on the whole file."""


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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe)
    except OSError as error:
        raise AgreementFileError([f"{path}: cannot be read ({error.strerror})"]) from error
    except UnicodeDecodeError as error:
        raise AgreementFileError([f"{path}: is not UTF-8 text"]) from error
    except RecursionError as error:
        raise AgreementFileError([f"{path}: is nested too deeply"]) from error
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        problem = getattr(error, "problem", None) or getattr(error, "reason", "cannot be parsed")
        raise AgreementFileError([f"{path}: is not valid YAML{line}: {problem}"]) from error
    return check_agreement_data(data)


def check_agreement_data(data):
    """Return `data` checked and normalised, or raise AgreementFileError."""
    checker = DocumentChecker()
    content = checker.document(data)
    if checker.errors:
        raise AgreementFileError(checker.errors)
    return content
