#!/usr/bin/python3
# A python3 script for hvm-exec (tests/vm/cases/hvm_exec_glibc.sh), run as
# Debian's python3 runs it, through its '#!' line: threads, a socket pair
# on loopback served by a thread, subprocess, a file, a signal handler and
# json. It prints results that do not depend on timing, writes
# py-made.json in the current directory and exits with 6.
import json, os, signal, socket, subprocess, sys, threading

got = []
signal.signal(signal.SIGUSR1, lambda sig, frame: got.append(sig))
os.kill(os.getpid(), signal.SIGUSR1)

sums = [0] * 4


def work(i):
    sums[i] = sum(range(i * 50000))


threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()

server = socket.socket()
server.bind(('127.0.0.1', 0))
server.listen(1)


def serve():
    conn, _ = server.accept()
    conn.sendall(conn.recv(100).upper())
    conn.close()


t = threading.Thread(target=serve)
t.start()
client = socket.create_connection(server.getsockname())
client.sendall(b'hello over loopback')
reply = client.recv(100).decode()
t.join()

child = subprocess.run(['sh', '-c', 'echo child of python; exit 4'], capture_output=True, text=True)
with open('py-made.json', 'w') as f:
    json.dump({'sums': sums, 'reply': reply}, f)
print(json.dumps({'signal': got, 'sums': sums, 'reply': reply,
                  'child': [child.stdout.strip(), child.returncode]}, sort_keys=True))
sys.exit(6)
