"""The wizard's terminal (pexpect): keys, patterns and waits shared by the pty tests (the
`spawn` fixture is in conftest.py)."""

import re

DOWN = "\x1b[B"
HOME, END = "\x1b[H", "\x1b[F"
# Generous: under load (a full suite on two shared cores) starting Python, importing
# questionary and reaching the Secret Service has taken over 20 s. Every wait below is for
# something the program prints, never a fixed sleep.
TIMEOUT = 90
ANSI = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"  # colour and cursor codes between words


def finish(child):
    import pexpect

    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def saved_files(home):
    directory = home / "profiles"
    return sorted(p.name for p in directory.glob("*.toml")) if directory.is_dir() else []


def pointer_on(child, preset):
    """Wait until the list highlights `preset` (questionary's » pointer on its line)."""
    child.expect("»" + ANSI + r"\s*" + ANSI + re.escape(preset) + " ")


class _Collect:
    def __init__(self, sink):
        self.sink = sink

    def write(self, text):
        self.sink.append(text)

    def flush(self):
        pass
