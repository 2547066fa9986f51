"""Keep one service running: restart it when it exits, with backoff and one log line each time.

    python scripts/supervise.py --name "action server" --log var/log/actions.log -- CMD ARGS...

scripts/run.sh (`make run`) starts each service through this. The service's output is appended
to the log; each restart prints one line on stderr, e.g.

    [run] the action server exited (signal SIGKILL); restarting it in 2 s (restart 3)

The delay doubles from --min-delay up to --max-delay, and is back to --min-delay once the
service has run for --stable seconds. An exit status listed with --give-up-on (default 2: the
services' "unusable settings") is not retried: this supervisor then exits with that status, so
run.sh stops everything and says why. SIGTERM or SIGINT stops the service (SIGTERM, then SIGKILL
after --stop-timeout seconds) and then this supervisor. Standard library only.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from types import FrameType


def describe(returncode: int) -> str:
    """'code 3' or 'signal SIGKILL'."""
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"code {returncode}"


class Supervisor:
    """Runs a command again and again until told to stop."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.child: subprocess.Popen[bytes] | None = None
        self.stopping = False

    def stop(self, signum: int, _: FrameType | None) -> None:
        """Signal handler: stop the service, then the loop."""
        self.stopping = True
        child = self.child
        if child is not None and child.poll() is None:
            child.terminate()

    def wait_child(self, child: subprocess.Popen[bytes]) -> int:
        """Wait for the service to exit; once stopping, kill it after the stop timeout."""
        while True:
            try:
                return child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            if self.stopping:
                try:
                    return child.wait(timeout=self.args.stop_timeout)
                except subprocess.TimeoutExpired:
                    child.kill()
                    return child.wait()

    def run(self) -> int:
        """The supervision loop; returns this process's exit status."""
        args = self.args
        delay = args.min_delay
        restarts = 0
        while not self.stopping:
            started = time.monotonic()
            with open(args.log, "ab") as log:
                self.child = subprocess.Popen(args.command, stdout=log, stderr=subprocess.STDOUT)
                returncode = self.wait_child(self.child)
            if self.stopping:
                break
            if returncode in args.give_up_on:
                print(
                    f"[run] the {args.name} exited ({describe(returncode)}): not restarting it",
                    file=sys.stderr,
                    flush=True,
                )
                return returncode
            if time.monotonic() - started >= args.stable:
                delay = args.min_delay
            restarts += 1
            print(
                f"[run] the {args.name} exited ({describe(returncode)}); "
                f"restarting it in {delay:g} s (restart {restarts})",
                file=sys.stderr,
                flush=True,
            )
            deadline = time.monotonic() + delay
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(0.1)
            delay = min(delay * 2, args.max_delay)
        return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", required=True, help="what the log lines call the service")
    parser.add_argument("--log", required=True, help="file the service's output is appended to")
    parser.add_argument("--min-delay", type=float, default=1.0)
    parser.add_argument("--max-delay", type=float, default=30.0)
    parser.add_argument("--stable", type=float, default=60.0)
    parser.add_argument("--stop-timeout", type=float, default=15.0)
    parser.add_argument("--give-up-on", type=int, nargs="*", default=[2])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("no command to supervise")
    supervisor = Supervisor(args)
    signal.signal(signal.SIGTERM, supervisor.stop)
    signal.signal(signal.SIGINT, supervisor.stop)
    return supervisor.run()


if __name__ == "__main__":
    sys.exit(main())
