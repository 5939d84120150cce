"""What the review pages weigh, raw and gzipped, on the demo council (600 shops, seed 1).

    .venv/bin/python bench/review_page_bytes.py

Loads the demo into a scratch SQLite database, signs in as the coordinator and as a team lead
through the test client, and prints each page's HTML size, raw and gzipped (level 6), with the
compiled CSS once. Shows whether the phone layout made the pages heavier. Never run as a test.
"""

import gzip
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.signing_in import signed_in_client  # noqa: E402
from shopper import create_app  # noqa: E402
from shopper.extensions import db  # noqa: E402
from shopper.models import ServiceBlock  # noqa: E402
from shopper.services.demo.council import DEMO_PASSWORD  # noqa: E402
from shopper.services.demo.load import load_demo  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app("development", SECRET_KEY="review-bytes-bench",
                         SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite")
        with app.app_context():
            upgrade()
            load_demo(shops=600, seed=1, today=date.today())
            planning = db.session.scalar(db.select(ServiceBlock.id).filter_by(name="Planning"))
        # Requests made outside the app context, or `g` would carry one person's sign-in over.
        coordinator = signed_in_client(app, "coordinator@anytown.example", DEMO_PASSWORD)
        lead = signed_in_client(app, "lead.housing@anytown.example", DEMO_PASSWORD)
        pages = [("coordinator", "/compliance", coordinator),
                 ("coordinator", f"/compliance/blocks/{planning}", coordinator),
                 ("team lead", "/", lead),
                 ("signed out", "/results", app.test_client()),
                 ("CSS", "/static/dist/app.css", app.test_client())]
        print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
              f"{os.getloadavg()[2]:.2f}")
        print(f"{'who':<12} {'bytes':>9} {'gzipped':>9}  path")
        for who, path, client in pages:
            response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path}: {response.status_code}")
            body = response.get_data()
            packed = len(gzip.compress(body, compresslevel=6))
            print(f"{who:<12} {len(body):>9,} {packed:>9,}  {path}")


if __name__ == "__main__":
    main()
