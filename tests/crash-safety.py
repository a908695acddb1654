#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Crash safety: connecteur-cli killed with SIGKILL at random points.

Four kinds of trial, each one a command (or a series of commands) killed
after a random delay between 0 and a little more than its typical duration
(the median of the runs left to finish, one in five), then checked with
Python's sqlite3:

  import  a CSV of a few thousand valid rows (SIRETs with a valid Luhn key),
          into a fresh or a continuing data dir: an import commits every
          10 000 rows (cn-csv.c), so a file of fewer rows is all or nothing;
  edit    a series of add / edit / appointment add / report add / report
          correct / delete: every command that exited 0 (and printed its id)
          is there, the one killed is there entirely or not at all;
  plan    plan export of a diagnosed company (or --all-diagnosed): a PDF at
          the target path is always complete, every "plan-issued" event
          names a complete file;
  sync    edits, then sync against cn-platform-server, killed (the server
          sometimes answers slowly, so that pushes applied on the platform
          lose their answer); every few trials a complete sync and the
          platform must hold each record once (applied == revision, 1 for a
          record never edited, at most 1 + its edits), with the latest data.

After every trial: PRAGMA integrity_check and foreign_key_check, the search
index has one row per company, every company has its "created" or
"imported" event, every outbox entry names an existing record (or is a
delete), every batched entry names a stored batch, every record the
platform has not acknowledged yet is in the outbox.

Usage: crash-safety.py CLI SERVER [--trials N] [--seed S] [--kinds import,edit,plan,sync]
       [--keep] [--verbose]
Prints one summary line; exit status 1 when a trial failed.
"""

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

TOKEN = "crash-token"
KINDS = ("import", "edit", "plan", "sync")
# Share of the trials per kind (the sync ones take longest).
WEIGHTS = {"import": 0.25, "edit": 0.30, "plan": 0.20, "sync": 0.25}
IMPORT_ROWS = 3000


# ---- helpers ------------------------------------------------------------------------

def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def random_siret(rng):
    """14 digits, the SIREN (9 first) and the SIRET both with a valid Luhn key."""
    while True:
        siren = "".join(str(rng.randrange(10)) for _ in range(8))
        siren += next(str(k) for k in range(10) if luhn_ok(siren + str(k)))
        body = siren + "".join(str(rng.randrange(10)) for _ in range(4))
        for k in range(10):
            if luhn_ok(body + str(k)):
                return body + str(k)


POSTCODES = [("35000", "Rennes"), ("19100", "Brive-la-Gaillarde"), ("75011", "Paris"),
             ("69003", "Lyon"), ("20000", "Ajaccio"), ("97400", "Saint-Denis"), ("13001", "Marseille")]
NAFS = ["47.71Z", "56.10A", "43.21A", "62.01Z", "96.02A", "10.71C"]


def write_csv(path, rng, rows, prefix, consent=False):
    """A spreadsheet as connectors keep them; returns the names written."""
    names = []
    with open(path, "w", encoding="utf-8") as f:
        f.write("Raison sociale;SIRET;Code NAF;Code postal;Commune;Contact;Email;Notes"
                + (";Partage plateforme" if consent else "") + "\n")
        for i in range(rows):
            name = f"{prefix} {i:05d} Crêperie Élodie"
            postcode, commune = rng.choice(POSTCODES)
            f.write(f"{name};{random_siret(rng)};{rng.choice(NAFS)};{postcode};{commune};"
                    f"Jeanne Dupont {i};jeanne{i}@example.fr;\"Vu au salon; à rappeler\""
                    + (";oui" if consent else "") + "\n")
            names.append(name)
    return names


class Failure(Exception):
    pass


def expect(cond, message):
    if not cond:
        raise Failure(message)


class Cli:
    def __init__(self, path, env):
        self.path = path
        self.env = env

    def run(self, data_dir, *args, check=True):
        p = subprocess.run([self.path, *args, "--data-dir", data_dir], env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if check and p.returncode != 0:
            raise Failure(f"{' '.join(args[:2])} failed ({p.returncode}): {p.stderr.strip()}")
        return p

    def start(self, data_dir, *args):
        return subprocess.Popen([self.path, *args, "--data-dir", data_dir], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_killed(proc, delay):
    """Waits up to @delay seconds, then SIGKILL.  Returns (killed, rc, stdout)."""
    try:
        out, _ = proc.communicate(timeout=delay)
        return False, proc.returncode, out
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        return True, proc.returncode, out


def db_path(data_dir):
    return os.path.join(data_dir, "connecteur.db")


def connect(data_dir):
    return sqlite3.connect(db_path(data_dir), timeout=30)


# Tables of the record types the outbox names.
RECORD_TABLES = {"company": "companies", "appointment": "appointments", "report": "reports",
                 "diagnostic": "diagnostics", "outreach": "outreach"}


def check_database(data_dir):
    """The invariants that hold after any crash, whatever was running."""
    if not os.path.exists(db_path(data_dir)):
        return  # killed before the database was created
    db = connect(data_dir)
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
        expect(rows == [("ok",)], f"integrity_check: {rows[:5]}")
        rows = db.execute("PRAGMA foreign_key_check").fetchall()
        expect(not rows, f"foreign_key_check: {rows[:5]}")
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "companies" not in tables:
            # Killed while the database was being created: nothing half made.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            expect(not tables and version == 0, f"a half-created database: {sorted(tables)}, version {version}")
            return
        n_companies = db.execute("SELECT count(*) FROM companies").fetchone()[0]
        n_fts = db.execute("SELECT count(*) FROM company_fts").fetchone()[0]
        expect(n_fts == n_companies, f"search index has {n_fts} rows for {n_companies} companies")
        if "fts_pending" in tables:
            n = db.execute("SELECT count(*) FROM fts_pending").fetchone()[0]
            expect(n == 0, f"{n} companies left waiting for their search row")
        rows = db.execute(
            "SELECT id, name FROM companies c WHERE NOT EXISTS (SELECT 1 FROM events e"
            " WHERE e.company_id = c.id AND e.kind IN ('created', 'imported'))").fetchall()
        expect(not rows, f"{len(rows)} companies without their created/imported event, e.g. {rows[:2]}")
        for type_, table in RECORD_TABLES.items():
            if table not in tables:
                continue
            rows = db.execute(
                f"SELECT seq, entity_id FROM outbox o WHERE entity_type = ? AND op = 'upsert'"
                f" AND NOT EXISTS (SELECT 1 FROM {table} r WHERE r.id = o.entity_id)", (type_,)).fetchall()
            expect(not rows, f"outbox upserts of missing {type_} records: {rows[:3]}")
            columns = {r[1] for r in db.execute(f"PRAGMA table_info ({table})")}
            if "revision" in columns:
                # Never acknowledged by the platform: must still be queued.
                rows = db.execute(
                    f"SELECT id FROM {table} r WHERE revision IS NULL"
                    + (" AND origin = 'connector'" if "origin" in columns else "")
                    + f" AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_type = ?"
                    f" AND o.entity_id = r.id)", (type_,)).fetchall()
                expect(not rows, f"{len(rows)} {type_} records never sent and not in the outbox, e.g. {rows[:2]}")
        if "sync_batches" in tables:
            rows = db.execute("SELECT DISTINCT batch_id FROM outbox WHERE batch_id IS NOT NULL"
                              " AND batch_id NOT IN (SELECT id FROM sync_batches)").fetchall()
            expect(not rows, f"outbox entries of missing batches: {rows[:3]}")
            rows = db.execute("SELECT id FROM sync_batches WHERE id NOT IN"
                              " (SELECT batch_id FROM outbox WHERE batch_id IS NOT NULL)").fetchall()
            for (batch,) in rows:
                body = db.execute("SELECT body FROM sync_batches WHERE id = ?", (batch,)).fetchone()[0]
                expect(not json.loads(body).get("changes"), f"batch {batch} lost its outbox entries")
    finally:
        db.close()


def scalar(data_dir, sql, *params):
    db = connect(data_dir)
    try:
        return db.execute(sql, params).fetchone()[0]
    finally:
        db.close()


def count_companies(data_dir):
    """0 when the database or its tables were never created."""
    if not os.path.exists(db_path(data_dir)):
        return 0
    db = connect(data_dir)
    try:
        if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'companies'").fetchone()[0] == 0:
            return 0
        return db.execute("SELECT count(*) FROM companies").fetchone()[0]
    finally:
        db.close()


def check_cli_opens(cli, data_dir):
    """The program itself must open what it left behind."""
    p = cli.run(data_dir, "sync", "--status", check=False)
    expect(p.returncode == 0, f"sync --status after the crash: {p.returncode} {p.stderr.strip()}")


# ---- trials -------------------------------------------------------------------------

class Kind:
    """A kind of trial: setup once, then trial() again and again."""

    def __init__(self, name, cli, workdir, rng, verbose):
        self.name = name
        self.cli = cli
        self.workdir = os.path.join(workdir, name)
        os.makedirs(self.workdir)
        self.rng = rng
        self.verbose = verbose
        self.typical = None   # seconds, see launch()
        self.durations = []
        self.killed = 0
        self.completed = 0
        self.runs = 0

    def delay(self):
        return self.rng.uniform(0, self.typical * 1.2)

    def log(self, message):
        if self.verbose:
            print(f"[{self.name} {self.runs}] {message}", flush=True)

    def launch(self, data_dir, *args):
        """Runs one command, killed at random; returns (killed, rc, stdout).

        One run in five is left to finish: its duration keeps the typical
        duration up to date (the median of those runs)."""
        start = time.monotonic()
        proc = self.cli.start(data_dir, *args)
        if self.typical is None or self.runs % 5 == 1:
            out, _ = proc.communicate()
            self.durations.append(time.monotonic() - start)
            self.typical = statistics.median(self.durations)
            return False, proc.returncode, out
        return run_killed(proc, self.delay())

    def count(self, killed):
        if killed:
            self.killed += 1
        else:
            self.completed += 1


class ImportKind(Kind):
    def __init__(self, *args):
        super().__init__(*args)
        self.files = []
        for i in range(3):
            path = os.path.join(self.workdir, f"portfolio-{i}.csv")
            write_csv(path, self.rng, IMPORT_ROWS, f"Import{i}")
            self.files.append(path)
        self.data_dir = None
        self.imported = set()   # files fully in the current data dir
        self.n_dirs = 0

    def trial(self):
        self.runs += 1
        if self.data_dir is None or self.rng.random() < 0.3 or len(self.imported) == len(self.files):
            self.n_dirs += 1
            self.data_dir = os.path.join(self.workdir, f"data-{self.n_dirs}")
            self.imported = set()
        csv = self.rng.choice(self.files)
        before = count_companies(self.data_dir)
        killed, rc, _ = self.launch(self.data_dir, "import", csv)
        self.count(killed)
        self.log(f"{os.path.basename(csv)} into {os.path.basename(self.data_dir)}: "
                 f"{'killed' if killed else 'exit %d' % rc}")
        check_database(self.data_dir)
        if not os.path.exists(db_path(self.data_dir)):
            return
        after = count_companies(self.data_dir)
        if csv in self.imported:
            expect(after == before, f"re-import of the same file changed the count {before} -> {after}")
        else:
            expect(after in (before, before + IMPORT_ROWS),
                   f"half an import: {after - before} of {IMPORT_ROWS} rows")
            if not killed:
                expect(rc == 0 and after == before + IMPORT_ROWS, f"import exit {rc}, {after - before} rows")
            if after == before + IMPORT_ROWS:
                self.imported.add(csv)
                # Every row with its contact, its imported event and its outbox entry.
                prefix = os.path.basename(csv)
                n = scalar(self.data_dir,
                           "SELECT count(*) FROM companies c JOIN contacts k ON k.company_id = c.id"
                           " JOIN events e ON e.company_id = c.id AND e.kind = 'imported' AND e.detail = ?"
                           " JOIN outbox o ON o.entity_type = 'company' AND o.entity_id = c.id", prefix)
                expect(n == IMPORT_ROWS, f"{n} of {IMPORT_ROWS} imported rows complete")
        check_cli_opens(self.cli, self.data_dir)


class EditKind(Kind):
    """A series of edits on a continuing data dir, against a model."""

    def __init__(self, *args):
        super().__init__(*args)
        self.data_dir = os.path.join(self.workdir, "data")
        self.companies = {}      # id -> (name, notes, status)
        self.deleted = set()
        self.appointments = {}   # id -> (company, subject)
        self.reports = {}        # id -> summary
        self.serial = 0
        for _ in range(5):
            self.run_acknowledged(self.next_command())

    def unique(self, what):
        self.serial += 1
        return f"{what} {self.serial}"

    def next_command(self):
        """(args, what it changes): one edit chosen at random."""
        live = [c for c in self.companies if c not in self.deleted]
        r = self.rng.random()
        if len(live) < 3 or r < 0.2:
            name = self.unique("Société Ébène")
            return ["add", "--name", name, "--siret", random_siret(self.rng), "--postcode", "19100",
                    "--notes", "créée"], ("add", name)
        company = self.rng.choice(live)
        if r < 0.55:
            name, notes = self.unique("Renommée"), self.unique("notes")
            status = self.rng.choice(["contacted", "diagnosed", "accompanied", "followed_up"])
            return ["edit", company, "--name", name, "--notes", notes, "--status", status], \
                ("edit", company, (name, notes, status))
        if r < 0.7:
            subject = self.unique("Rendez-vous")
            day = self.rng.randrange(1, 28)
            return ["appointment", "add", "--company", company, "--start", f"2026-12-{day:02d}T09:30",
                    "--end", f"2026-12-{day:02d}T10:30", "--mode", "phone", "--subject", subject], \
                ("appointment", company, subject)
        if r < 0.82 or not self.reports:
            summary = self.unique("Compte rendu")
            return ["report", "add", "--company", company, "--date", "2026-11-20", "--summary", summary], \
                ("report", company, summary)
        if r < 0.95:
            report = self.rng.choice(list(self.reports))
            summary = self.unique("Correction")
            return ["report", "correct", report, "--summary", summary], ("correct", report, summary)
        return ["delete", company], ("delete", company)

    def apply(self, command, killed=False, rc=0, out=""):
        """Records an acknowledged command in the model."""
        args, what = command
        if killed or rc != 0:
            return
        if what[0] == "add":
            self.companies[out.strip()] = (what[1], "créée", "lead")
        elif what[0] == "edit":
            self.companies[what[1]] = what[2]
        elif what[0] == "appointment":
            self.appointments[out.strip().splitlines()[-1]] = (what[1], what[2])
        elif what[0] == "report":
            self.reports[out.strip().splitlines()[-1]] = what[2]
        elif what[0] == "correct":
            self.reports[what[1]] = what[2]
        elif what[0] == "delete":
            self.deleted.add(what[1])

    def run_acknowledged(self, command):
        p = self.cli.run(self.data_dir, *command[0])
        self.apply(command, False, 0, p.stdout)

    def trial(self):
        self.runs += 1
        if not self.durations:
            start = time.monotonic()
            self.run_acknowledged(self.next_command())
            self.durations.append(time.monotonic() - start)
        n = self.rng.randint(2, 6)
        # The series is killed somewhere in its typical duration, or a bit after.
        self.typical = n * statistics.median(self.durations[-20:])
        deadline = time.monotonic() + self.delay()
        killed_command = None
        for _ in range(n):
            command = self.next_command()
            start = time.monotonic()
            proc = self.cli.start(self.data_dir, *command[0])
            killed, rc, out = run_killed(proc, max(0.0, deadline - time.monotonic()))
            if killed:
                killed_command = command
                break
            self.durations.append(time.monotonic() - start)
            expect(rc == 0, f"{command[0][:2]} exited {rc}")
            self.apply(command, False, rc, out)
        self.count(killed_command is not None)
        self.log(f"{n} edits, killed during {killed_command[0][:2] if killed_command else 'none'}")
        check_database(self.data_dir)
        self.check_model(killed_command)
        check_cli_opens(self.cli, self.data_dir)

    def check_model(self, killed):
        db = connect(self.data_dir)
        try:
            for company, (name, notes, status) in self.companies.items():
                row = db.execute("SELECT name, notes, status FROM companies WHERE id = ?", (company,)).fetchone()
                if company in self.deleted:
                    expect(row is None, f"deleted company {company} is back")
                    continue
                if killed and killed[1][0] == "delete" and killed[1][1] == company and row is None:
                    self.deleted.add(company)   # the killed delete had committed
                    continue
                expect(row is not None, f"acknowledged company {company} ({name}) is missing")
                if tuple(row) != (name, notes, status):
                    # Only the killed edit may have gone through, and then entirely.
                    expect(killed and killed[1][0] == "edit" and killed[1][1] == company
                           and tuple(row) == killed[1][2],
                           f"company {company}: {tuple(row)}, acknowledged {(name, notes, status)}")
                    self.companies[company] = tuple(row)
            if killed and killed[1][0] == "add":
                rows = db.execute("SELECT id, notes, status FROM companies WHERE name = ?",
                                  (killed[1][1],)).fetchall()
                expect(len(rows) <= 1, f"killed add stored {len(rows)} times")
                if rows:
                    self.companies[rows[0][0]] = (killed[1][1], rows[0][1], rows[0][2])
            live = {c for c in self.companies if c not in self.deleted}
            for appointment, (company, subject) in self.appointments.items():
                row = db.execute("SELECT subject FROM appointments WHERE id = ?", (appointment,)).fetchone()
                if company in live:
                    expect(row == (subject,), f"acknowledged appointment {appointment}: {row}")
            if killed and killed[1][0] == "appointment":
                rows = db.execute("SELECT id FROM appointments WHERE subject = ?", (killed[1][2],)).fetchall()
                expect(len(rows) <= 1, "killed appointment add stored twice")
                if rows:
                    self.appointments[rows[0][0]] = (killed[1][1], killed[1][2])
            for report, summary in list(self.reports.items()):
                row = db.execute("SELECT r.company_id, v.summary FROM reports r JOIN report_revisions v"
                                 " ON v.report_id = r.id AND v.number = r.current_revision WHERE r.id = ?",
                                 (report,)).fetchone()
                if row is None:
                    gone = db.execute("SELECT count(*) FROM companies c JOIN reports r ON r.company_id = c.id"
                                      " WHERE r.id = ?", (report,)).fetchone()[0] == 0
                    expect(gone and any(c in self.deleted or (killed and killed[1][0] == "delete")
                                        for c in self.companies), f"acknowledged report {report} is missing")
                    del self.reports[report]
                    continue
                if row[1] != summary:
                    expect(killed and killed[1][0] == "correct" and killed[1][1] == report
                           and row[1] == killed[1][2], f"report {report}: {row[1]!r}, acknowledged {summary!r}")
                    self.reports[report] = row[1]
            if killed and killed[1][0] == "report":
                rows = db.execute("SELECT report_id FROM report_revisions WHERE summary = ?",
                                  (killed[1][2],)).fetchall()
                expect(len(rows) <= 1, "killed report add stored twice")
                if rows:
                    self.reports[rows[0][0]] = killed[1][2]
        finally:
            db.close()


class PlanKind(Kind):
    def __init__(self, *args):
        super().__init__(*args)
        self.data_dir = os.path.join(self.workdir, "data")
        self.out_dir = os.path.join(self.workdir, "plans")
        os.makedirs(self.out_dir)
        template = json.loads(self.cli.run(self.data_dir, "diagnostic", "template").stdout)
        self.companies = []
        for i in range(4):
            company = self.cli.run(self.data_dir, "add", "--name", f"Boulangerie Ça{i}",
                                   "--siret", random_siret(self.rng), "--postcode", "35000",
                                   "--naf", "10.71C", "--headcount", "03").stdout.strip()
            answers = {}
            for question in template["questions"]:
                choice = self.rng.choice(question["choices"])["id"]
                answers[question["id"]] = choice
            path = os.path.join(self.workdir, f"answers-{i}.json")
            with open(path, "w") as f:
                json.dump({"questionnaire": template["questionnaire"], "answers": answers}, f)
            self.cli.run(self.data_dir, "diagnostic", "run", "--company", company, "--answers", path)
            self.companies.append(company)
        self.all_timing = (None, [])

    def trial(self):
        self.runs += 1
        before = scalar(self.data_dir, "SELECT count(*) FROM events WHERE kind = 'plan-issued'")
        if self.rng.random() < 0.3:
            target_dir = os.path.join(self.out_dir, f"all-{self.runs}")
            os.makedirs(target_dir)
            saved = (self.typical, self.durations)
            self.typical, self.durations = self.all_timing
            killed, rc, out = self.launch(self.data_dir, "plan", "export", "--all-diagnosed",
                                          "--out-dir", target_dir)
            self.all_timing = (self.typical, self.durations)
            self.typical, self.durations = saved
            expected = len(self.companies)
        else:
            target = os.path.join(self.out_dir, f"plan-{self.runs}.pdf")
            killed, rc, out = self.launch(self.data_dir, "plan", "export", "--company",
                                          self.rng.choice(self.companies), "-o", target)
            expected = 1
        self.count(killed)
        self.log(f"{'killed' if killed else 'exit %d' % rc}")
        check_database(self.data_dir)
        after = scalar(self.data_dir, "SELECT count(*) FROM events WHERE kind = 'plan-issued'")
        if not killed:
            expect(rc == 0 and after == before + expected, f"plan export exit {rc}, {after - before} issued")
        expect(before <= after <= before + expected, f"{after - before} plans issued for {expected}")
        self.check_files()
        check_cli_opens(self.cli, self.data_dir)

    def check_files(self):
        db = connect(self.data_dir)
        issued = [r[0].split("\t")[0] for r in db.execute(
            "SELECT detail FROM events WHERE kind = 'plan-issued'")]
        db.close()
        present = {}
        for root, _, files in os.walk(self.out_dir):
            for name in files:
                path = os.path.join(root, name)
                if ".tmp-" in name:
                    self.leftover_tmp += 1  # a killed writer's temporary file: harmless, removed
                    os.unlink(path)
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                expect(data.startswith(b"%PDF-") and b"%%EOF" in data[-64:],
                       f"{path}: an incomplete PDF ({len(data)} bytes) at the final name")
                present[name] = present.get(name, 0) + 1
        for name in issued:
            expect(name in present, f"plan-issued event names {name}, which is not there")

    leftover_tmp = 0


class SyncKind(Kind):
    """Edits and killed syncs on one data dir, against one platform server."""

    def __init__(self, name, cli, workdir, rng, verbose, server):
        super().__init__(name, cli, workdir, rng, verbose)
        self.server = server
        self.data_dir = os.path.join(self.workdir, "data")
        # Expected platform state: (type, id) -> [field, value, edits]
        self.model = {}
        self.private = set()   # companies without consent: never on the platform
        self.checkpoints = 0
        self.in_flight = 0
        self.serial = 0
        self.shared = []
        self.import_batch(600)
        for i in range(3):
            company = self.cli.run(self.data_dir, "add", "--name", f"Atelier Privé {i}",
                                   "--postcode", "19100").stdout.strip()
            self.private.add(company)
            self.cli.run(self.data_dir, "appointment", "add", "--company", company, "--start",
                         "2026-12-01T09:00", "--end", "2026-12-01T10:00", "--mode", "phone",
                         "--subject", "privé")
        for _ in range(4):
            self.edit()

    def import_batch(self, rows):
        self.serial += 1
        path = os.path.join(self.workdir, f"batch-{self.serial}.csv")
        names = write_csv(path, self.rng, rows, f"Sync{self.serial}", consent=True)
        self.cli.run(self.data_dir, "import", path)
        db = connect(self.data_dir)
        for name in names:
            (company,) = db.execute("SELECT id FROM companies WHERE name = ?", (name,)).fetchone()
            self.model[("company", company)] = ["name", name, 0]
            self.shared.append(company)
        db.close()

    def edit(self):
        """One acknowledged change, recorded in the model."""
        self.serial += 1
        r = self.rng.random()
        company = self.rng.choice(self.shared)
        if r < 0.3:
            name = f"Renommée {self.serial}"
            self.cli.run(self.data_dir, "edit", company, "--name", name)
            entry = self.model[("company", company)]
            entry[1] = name
            entry[2] += 1
        elif r < 0.55:
            day = self.rng.randrange(1, 28)
            subject = f"Visite {self.serial}"
            out = self.cli.run(self.data_dir, "appointment", "add", "--company", company, "--start",
                               f"2026-12-{day:02d}T14:00", "--end", f"2026-12-{day:02d}T15:00",
                               "--mode", "on_site", "--subject", subject).stdout
            self.model[("appointment", out.strip().splitlines()[-1])] = ["subject", subject, 0]
        elif r < 0.7:
            appointments = [k for k in self.model if k[0] == "appointment"]
            if not appointments:
                return self.edit()
            key = self.rng.choice(appointments)
            status = self.rng.choice(["done", "cancelled", "no_show"])
            self.cli.run(self.data_dir, "appointment", "set-status", key[1], status)
            # The subject stays; the status is checked through the edits count only.
            self.model[key][2] += 1
        elif r < 0.85:
            summary = f"Compte rendu {self.serial}"
            out = self.cli.run(self.data_dir, "report", "add", "--company", company, "--date",
                               "2026-11-20", "--summary", summary).stdout
            self.model[("report", out.strip().splitlines()[-1])] = ["summary", summary, 0]
        else:
            reports = [k for k in self.model if k[0] == "report"]
            if not reports:
                return self.edit()
            key = self.rng.choice(reports)
            summary = f"Correction {self.serial}"
            self.cli.run(self.data_dir, "report", "correct", key[1], "--summary", summary)
            self.model[key][1] = summary
            self.model[key][2] += 1

    def trial(self):
        self.runs += 1
        if self.rng.random() < 0.3:
            self.import_batch(self.rng.choice([300, 700]))
        for _ in range(self.rng.randint(1, 3)):
            self.edit()
        # Slow answers: pushes applied on the platform whose answer never arrives.
        slow = self.rng.choice([0, 0, 100, 400])
        self.server.control("faults", {"slow_ms": slow})
        if self.typical is None:
            self.server.control("faults", {"slow_ms": 0})
        killed, rc, out = self.launch(self.data_dir, "sync", "--url", self.server.url)
        self.server.control("faults", {"slow_ms": 0})
        self.count(killed)
        self.log(f"slow {slow} ms: {'killed' if killed else 'exit %d' % rc}")
        check_database(self.data_dir)
        if killed and scalar(self.data_dir, "SELECT count(*) FROM sync_batches") > 0:
            self.in_flight += 1   # killed with a batch frozen: the next sync resends it
        if self.runs % 8 == 0:
            self.checkpoint()

    def checkpoint(self):
        """A complete sync, then the platform holds each record exactly once."""
        self.checkpoints += 1
        for attempt in range(3):
            p = self.cli.run(self.data_dir, "sync", "--url", self.server.url, check=False)
            if p.returncode == 0:
                break
        expect(p.returncode == 0, f"final sync failed: {p.stdout} {p.stderr}")
        check_database(self.data_dir)
        db = connect(self.data_dir)
        try:
            rows = db.execute("SELECT entity_type, entity_id, kind, code FROM sync_issues").fetchall()
            expect(not rows, f"sync issues after a complete sync: {rows[:3]}")
            n = db.execute("SELECT count(*) FROM sync_batches").fetchone()[0]
            expect(n == 0, f"{n} batches still in flight after a complete sync")
            private = ",".join("'%s'" % c for c in self.private)
            rows = db.execute(
                "SELECT entity_type, entity_id FROM outbox WHERE NOT (entity_type = 'company'"
                f" AND entity_id IN ({private})) AND NOT (entity_type = 'appointment' AND entity_id IN"
                f" (SELECT id FROM appointments WHERE company_id IN ({private})))").fetchall()
            expect(not rows, f"{len(rows)} changes still queued after a complete sync: {rows[:3]}")
        finally:
            db.close()
        on_platform = {}
        for type_ in ("company", "appointment", "report"):
            for record in self.server.records(type_):
                key = (type_, record["id"])
                expect(key not in on_platform, f"{key} twice on the platform")
                on_platform[key] = record
        for key, (field, value, edits) in self.model.items():
            record = on_platform.get(key)
            expect(record is not None, f"{key} is not on the platform")
            expect(not record["deleted"], f"{key} deleted on the platform")
            expect(record["applied"] == record["revision"], f"{key}: applied {record['applied']}"
                   f" times for revision {record['revision']}")
            if edits == 0:
                expect(record["revision"] == 1, f"{key} created once, revision {record['revision']}")
            else:
                expect(1 <= record["revision"] <= 1 + edits,
                       f"{key}: revision {record['revision']} after {edits} edits")
            expect(record["data"].get(field) == value,
                   f"{key}: {field} {record['data'].get(field)!r} on the platform, {value!r} here")
        extra = set(on_platform) - set(self.model)
        expect(not extra, f"{len(extra)} records on the platform that were never made here: {list(extra)[:3]}")
        for company in self.private:
            expect(("company", company) not in on_platform, "a company without consent travelled")


class Server:
    def __init__(self, path, workdir):
        self.out = open(os.path.join(workdir, "server.out"), "w+")
        self.proc = subprocess.Popen([path, "--token", TOKEN], stdout=self.out,
                                     stderr=subprocess.DEVNULL)
        for _ in range(100):
            self.out.seek(0)
            line = self.out.readline().strip()
            if line:
                break
            time.sleep(0.05)
        if not line.startswith("http://"):
            raise SystemExit("cn-platform-server printed no address")
        self.url = line
        self.control_url = line.rsplit("/api/v1", 1)[0] + "/_control/"

    def control(self, path, body=None):
        request = urllib.request.Request(self.control_url + path,
                                         data=None if body is None else json.dumps(body).encode(),
                                         method="GET" if body is None else "POST")
        with urllib.request.urlopen(request, timeout=30) as r:
            return json.loads(r.read().decode())

    def records(self, type_):
        return self.control(f"records?type={type_}")["records"]

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.out.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cli")
    parser.add_argument("server")
    parser.add_argument("--trials", type=int, default=200, help="trials in all (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the random choices")
    parser.add_argument("--kinds", default=",".join(KINDS), help="which kinds to run")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    kinds = [k for k in args.kinds.split(",") if k]
    workdir = tempfile.mkdtemp(prefix="cn-crash-")
    env = dict(os.environ, LC_ALL="C.UTF-8", CONNECTEUR_TOKEN=TOKEN,
               CONNECTEUR_SYNC_BACKOFF_MS="5", GSETTINGS_BACKEND="memory",
               DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
    cli = Cli(os.path.abspath(args.cli), env)
    server = Server(os.path.abspath(args.server), workdir) if "sync" in kinds else None
    rng = random.Random(seed)
    start = time.monotonic()
    failures = []
    runners = {}
    try:
        for kind in kinds:
            extra = (server,) if kind == "sync" else ()
            cls = {"import": ImportKind, "edit": EditKind, "plan": PlanKind, "sync": SyncKind}[kind]
            runners[kind] = cls(kind, cli, workdir, random.Random(rng.random()), args.verbose, *extra)
        total_weight = sum(WEIGHTS[k] for k in kinds)
        plan = []
        for kind in kinds:
            plan += [kind] * max(1, round(args.trials * WEIGHTS[kind] / total_weight))
        rng.shuffle(plan)
        for kind in plan:
            runner = runners[kind]
            try:
                runner.trial()
            except (Failure, sqlite3.Error, OSError, ValueError, KeyError) as e:
                failures.append(f"{kind} trial {runner.runs}: {e!r}")
                print(f"FAIL {kind} trial {runner.runs} (seed {seed}): {e!r}", flush=True)
        if "sync" in runners:
            try:
                runners["sync"].checkpoint()
            except Failure as e:
                failures.append(f"sync final check: {e}")
                print(f"FAIL sync final check (seed {seed}): {e}", flush=True)
    except Failure as e:
        failures.append(f"setup: {e}")
        print(f"FAIL setup (seed {seed}): {e}", flush=True)
    finally:
        if server:
            server.stop()
        if args.keep or failures:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    elapsed = time.monotonic() - start
    parts = []
    for kind, r in runners.items():
        parts.append(f"{kind} {r.runs} ({r.killed} killed)")
    extra = ""
    if "sync" in runners:
        extra += (f", {runners['sync'].checkpoints} platform checks,"
                  f" {runners['sync'].in_flight} syncs killed with a batch in flight")
    if "plan" in runners:
        extra += f", {PlanKind.leftover_tmp} temporary PDFs left by kills"
    print(f"crash-safety: seed {seed}, {sum(r.runs for r in runners.values())} trials: "
          f"{', '.join(parts)}{extra}; {len(failures)} failures; {elapsed:.1f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
