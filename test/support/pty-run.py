"""Runs a command with stdout and/or stderr on real pseudo-terminals (one each, so they stay apart).

Usage: python3 pty-run.py SPEC_JSON COMMAND...
SPEC: {"tty": ["stdout", "stderr"], "env": {...}, "stdin": [[seconds_to_wait, text], ...]}
The environment is this process's without NO_COLOR, FORCE_COLOR and CI, with TERM=xterm, then "env".
Prints {"code": exit code, "stdout": text, "stderr": text} as JSON.
"""
import fcntl, json, os, pty, struct, subprocess, sys, termios, threading, time

spec = json.loads(sys.argv[1])
command = sys.argv[2:]
out = {}


def drain(fd, name):
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not data:
            break
        chunks.append(data)
    out[name] = b"".join(chunks).decode("utf-8", "replace")


streams = {}
terminals = []
for name in ("stdout", "stderr"):
    if name in spec.get("tty", []):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        streams[name] = slave
        terminals.append((name, master, slave))
    else:
        streams[name] = subprocess.PIPE

env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
env["TERM"] = "xterm"
env.update(spec.get("env", {}))
child = subprocess.Popen(command, stdin=subprocess.PIPE, env=env, **streams)
threads = []
for name, master, slave in terminals:
    os.close(slave)
    threads.append(threading.Thread(target=drain, args=(master, name)))
for name in ("stdout", "stderr"):
    if streams[name] == subprocess.PIPE:
        threads.append(threading.Thread(target=drain, args=(getattr(child, name).fileno(), name)))
for thread in threads:
    thread.start()
for wait, text in spec.get("stdin", []):
    time.sleep(wait)
    child.stdin.write(text.encode())
    child.stdin.flush()
child.stdin.close()
code = child.wait()
for thread in threads:
    thread.join()
print(json.dumps({"code": code, "stdout": out.get("stdout", ""), "stderr": out.get("stderr", "")}))
