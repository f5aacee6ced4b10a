"""Traffic for the capture scenarios: GET /api/products/{id} over one kept-alive connection.

  load.py PORT zipf REQUESTS PRODUCTS [SECONDS]   Zipf-distributed ids (exponent 1.1, seed 19) over products 1..PRODUCTS;
                                                  repeated until SECONDS have passed when given
  load.py PORT scan FIRST LAST                    each id from FIRST to LAST read twice in a row (first reads only)

Calls are spread over 100 X-Client-Id values so that the sample's per-client rate limit lets them through.
"""
import http.client
import itertools
import random
import sys
import time


def get(connection, product, client):
    connection.request("GET", "/api/products/%d" % product, headers={"X-Client-Id": "load-%d" % client})
    response = connection.getresponse()
    response.read()
    if response.status not in (200, 429):
        sys.exit("GET /api/products/%d answered %d" % (product, response.status))


def main():
    port, mode = int(sys.argv[1]), sys.argv[2]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    clients = itertools.cycle(range(100))
    if mode == "zipf":
        requests, products = int(sys.argv[3]), int(sys.argv[4])
        until = time.monotonic() + float(sys.argv[5]) if len(sys.argv) > 5 else None
        weights = [1 / (rank ** 1.1) for rank in range(1, products + 1)]
        rng = random.Random(19)
        while True:
            for product in rng.choices(range(1, products + 1), weights, k=requests):
                get(connection, product, next(clients))
            if until is None or time.monotonic() >= until:
                break
    elif mode == "scan":
        for product in range(int(sys.argv[3]), int(sys.argv[4]) + 1):
            client = next(clients)
            get(connection, product, client)
            get(connection, product, client)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
