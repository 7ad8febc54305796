"""`make serve` (`python -m config.serve`): the site as an operator runs it on one machine.

Migrates, collects the static files (whitenoise serves them), then runs gunicorn, a Celery
worker and Celery beat side by side, their logs on this process's standard output. SIGTERM
or Ctrl-C stops all three; one that stops by itself stops the others and serve exits
non-zero, so whatever runs serve (systemd, a container runtime) sees the failure.
The environment is the settings' (README, "Production") plus the variables read below.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from config.env import env_bool, env_int, env_str

ROOT = Path(__file__).resolve().parent.parent
PR_SET_PDEATHSIG = 1


def _say(message: str) -> None:
    print(f"serve: {message}", flush=True)


def commands() -> dict[str, list[str]]:
    """The long-running processes, by name; without a broker, tasks run in gunicorn."""
    python, level = sys.executable, env_str("LOG_LEVEL", "INFO")
    processes = {
        "web": [
            python, "-m", "gunicorn", "--config", str(ROOT / "config" / "gunicorn.conf.py"),
            "config.wsgi:application",
        ],
    }  # fmt: skip
    if not env_str("CELERY_BROKER_URL"):
        return processes
    processes["worker"] = [
        python, "-m", "celery", "-A", "config", "worker", "--loglevel", level,
        "--concurrency", str(env_int("CELERY_CONCURRENCY", 2)),
    ]  # fmt: skip
    # Exactly one beat per site: SERVE_BEAT=0 on every machine but one.
    if env_bool("SERVE_BEAT", True):
        schedule = env_str("CELERY_BEAT_SCHEDULE_FILE", str(ROOT / "celerybeat-schedule"))
        processes["beat"] = [
            python, "-m", "celery", "-A", "config", "beat", "--loglevel", level,
            "--schedule", schedule,
        ]  # fmt: skip
    return processes


def _die_with_parent() -> None:
    """In the child: SIGTERM when serve dies, even by SIGKILL, so nothing is left running."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    def __init__(self, stop_seconds: float):
        self.stop_seconds = stop_seconds
        self.children: dict[str, subprocess.Popen] = {}
        self.signals = 0
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        self.signals += 1
        if self.signals > 1:  # a second Ctrl-C: no more waiting
            self._kill()

    def spawn(self, name: str, argv: list[str]) -> subprocess.Popen:
        # Each child in a process group of its own: Ctrl-C reaches serve only, which stops
        # them in order; the child's stderr joins the one log on standard output.
        child = subprocess.Popen(
            argv,
            cwd=ROOT,
            stderr=subprocess.STDOUT,
            process_group=0,
            preexec_fn=_die_with_parent,
        )
        self.children[name] = child
        return child

    def step(self, name: str, argv: list[str]) -> int:
        """Run one preparation command to its end (or until a signal stops it)."""
        child = self.spawn(name, argv)
        while child.poll() is None:
            if self.signals:
                self.stop()
                return child.wait()
            time.sleep(0.1)
        del self.children[name]
        return child.returncode

    def run(self, processes: dict[str, list[str]]) -> int:
        """Start the processes; return when a signal came or one of them stopped."""
        for name, argv in processes.items():
            self.spawn(name, argv)
            _say(f"started {name} (pid {self.children[name].pid})")
        while not self.signals:
            for name, child in self.children.items():
                if child.poll() is not None:
                    code = child.returncode
                    _say(f"{name} exited with code {code}: stopping the others")
                    self.stop()
                    # A child killed by a signal: 128 + its number, as a shell reports it.
                    return code if code > 0 else 128 - code if code < 0 else 1
            time.sleep(0.2)
        _say("stopping")
        self.stop()
        return 0

    def stop(self) -> None:
        """SIGTERM to each child (gunicorn and Celery then finish what they are doing),
        SIGKILL to the process groups of those still running after `stop_seconds`."""
        for child in self.children.values():
            if child.poll() is None:
                os.kill(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + self.stop_seconds
        for child in self.children.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(0.0, deadline - time.monotonic()))
        self._kill()

    def _kill(self) -> None:
        for name, child in self.children.items():
            if child.poll() is None:
                _say(f"{name} did not stop in time: killed")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def main() -> int:
    python = sys.executable
    supervisor = Supervisor(stop_seconds=env_int("SERVE_STOP_SECONDS", 20))
    preparation = {
        "migrate": [python, "manage.py", "migrate", "--noinput"],
        "collectstatic": [python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
    }
    for name, argv in preparation.items():
        _say(name)
        code = supervisor.step(name, argv)
        if code or supervisor.signals:
            _say(f"{name} exited with code {code}: not starting")
            return code or 1
    return supervisor.run(commands())


if __name__ == "__main__":
    sys.exit(main())
