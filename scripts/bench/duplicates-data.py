#!/usr/bin/env python3
"""People for the duplicate-scan benchmark (scripts/bench/duplicates.sh).

  duplicates-data.py generate N PEOPLE.tsv PLANTED.tsv COLEGIO_IDS DEPENDENCIA_IDS
      N people (0.5 % anonymized) as PostgreSQL COPY text, with 1,000 planted pairs, 250 of each reason:
      same number with another type (TI -> CC, 50 of them with other names), numbers one edit apart with the same
      name (a digit changed or two neighbouring digits swapped), the same name and birth date (accents, case, spaces and
      the order of names and surnames changed), the same e-mail (in another case). Names come from short lists, so
      many people share a name, as in a real city: the one-edit rule has crowded name blocks to search. PLANTED lists
      each pair as "reason  TYPE-NUMBER  TYPE-NUMBER". Deterministic (seed 42).
  duplicates-data.py load-sqlite PEOPLE.tsv DATABASE.db
      inserts the same rows into the app's SQLite database in one transaction.
  duplicates-data.py columns
      the quoted column list, for COPY.
  duplicates-data.py check PLANTED.tsv < API.json
      fails unless every planted pair is listed with its reason; prints the pairs found per reason.
"""
import json, random, sqlite3, sys, unicodedata
from datetime import date, timedelta

COLUMNS = ["DocumentType", "DocumentNumber", "GivenNames", "FamilyNames", "NameKey", "Email", "Audience",
           "DependenciaId", "Vinculo", "ColegioId", "Grade", "BirthDate", "CreatedUtc", "AnonymizedUtc"]
GIVEN = ["María", "José", "Juan", "Ana", "Luis", "Carlos", "Andrés", "Sofía", "Valentina", "Camila", "Daniel", "Santiago",
         "Laura", "Paula", "Jorge", "Diana", "Julián", "Natalia", "Sebastián", "Mónica", "Óscar", "Ángela", "Felipe", "Isabel",
         "Martín", "Lucía", "Tomás", "Gabriela", "Esteban", "Verónica"]
FAMILY = ["Rodríguez", "Gómez", "González", "Martínez", "García", "López", "Hernández", "Sánchez", "Ramírez", "Pérez",
          "Díaz", "Muñoz", "Rojas", "Moreno", "Jiménez", "Vargas", "Castro", "Ortiz", "Rubio", "Suárez", "Torres", "Ruiz",
          "Peña", "Núñez", "Ríos", "Mejía", "Cárdenas", "Gutiérrez", "Álvarez", "Quintero", "Osorio", "Salazar", "Cortés",
          "Ospina", "Bernal", "Parra", "Acosta", "Beltrán", "Cifuentes", "Zapata"]
CREATED = "2024-01-01 00:00:00+00"


def name_key(given, family):
    """PersonNames.Key: no accents, lower case, words in ordinal order."""
    text = unicodedata.normalize("NFD", f"{given} {family}")
    simple = "".join(" " if not c.isalnum() else c.lower() for c in text if unicodedata.category(c) != "Mn")
    return " ".join(sorted(simple.split()))[:220]


def variant(rng, given, family):
    """The same name as another clerk typed it: no accents, other case, extra spaces, or surnames first."""
    plain = lambda s: "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")
    k = rng.randrange(4)
    if k == 0: return plain(given), plain(family)
    if k == 1: return given.upper(), family.lower()
    if k == 2: return given.replace(" ", "  "), family
    return family, given


def generate(n, people_path, planted_path, colegios, dependencias):
    rng = random.Random(42)
    used = set()                 # numbers taken (any type)
    rows, planted = [], []

    def fresh(low, high):
        while True:
            x = str(rng.randrange(low, high))
            if x not in used:
                used.add(x)
                return x

    def take(x):
        if x in used: return False
        used.add(x)
        return True

    def name():
        given = rng.choice(GIVEN) if rng.random() < 0.5 else f"{rng.choice(GIVEN)} {rng.choice(GIVEN)}"
        return given, f"{rng.choice(FAMILY)} {rng.choice(FAMILY)}"

    def birth(student):
        start, days = (date(2008, 1, 1), 6 * 365) if student else (date(1960, 1, 1), 40 * 365)
        return start + timedelta(days=rng.randrange(days))

    def person(doc_type, number, given, family, student, born, email=None, anonymized=False):
        if anonymized:
            given, family, email = "Persona anonimizada", "", None
        row = [doc_type, number, given, family, "" if anonymized else name_key(given, family), email,
               "Student" if student else "Staff",
               None if student else rng.choice(dependencias), None if student else rng.choice(["Planta", "Contratista"]),
               rng.choice(colegios) if student else None, rng.choice(["9", "10", "11"]) if student else None,
               born.isoformat() if born else None, CREATED, "2026-01-01 00:00:00+00" if anonymized else None]
        rows.append(row)
        return f"{doc_type}-{number}"

    def student_number(): return fresh(1_000_000_000, 1_200_000_000)
    def staff_number(): return fresh(10_000_000, 1_000_000_000)

    per = 250
    # Same number, another type: a student who came back with a cédula (NUIP); 50 with other names (a conflict).
    for i in range(per):
        g, f = name()
        number = student_number()
        born = birth(True)
        a = person("TI", number, g, f, True, born)
        g2, f2 = variant(rng, g, f) if i >= 50 else name()
        b = person("CC", number, g2, f2, False, None, f"renovado{i}@alcaldia.gov.co")
        planted.append(("same-number-other-type", a, b))
    # One edit apart with the same name: a digit changed, or two different neighbouring digits swapped.
    for i in range(per):
        g, f = name()
        number = staff_number()
        while True:
            pos = rng.randrange(1, len(number) - 1)
            if i % 2 == 0:
                other = number[:pos] + str((int(number[pos]) + rng.randrange(1, 10)) % 10) + number[pos + 1:]
            elif number[pos] != number[pos + 1]:
                other = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2:]
            else:
                continue
            if take(other): break
        a = person("CC", number, g, f, False, birth(False))
        g2, f2 = variant(rng, g, f)
        b = person("CC", other, g2, f2, False, birth(False))
        planted.append(("number-one-edit-apart", a, b))
    # The same name and birth date, numbers unrelated.
    for i in range(per):
        g, f = name()
        born = birth(i % 2 == 0)
        student = i % 2 == 0
        a = person("TI" if student else "CC", student_number() if student else staff_number(), g, f, student, born)
        g2, f2 = variant(rng, g, f)
        b = person("TI" if student else "CC", student_number() if student else staff_number(), g2, f2, student, born)
        planted.append(("same-name-and-birth-date", a, b))
    # The same e-mail, other names and numbers (typed once by a coordinator, once at self-registration).
    for i in range(per):
        email = f"compartido{i}@correo.test"
        g, f = name()
        a = person("CC", staff_number(), g, f, False, birth(False), email)
        g2, f2 = name()
        b = person("CC", staff_number(), g2, f2, False, birth(False), email.upper())
        planted.append(("same-email", a, b))

    # Everyone else: 60 % staff with an institutional e-mail, 40 % students; 0.5 % anonymized.
    for i in range(n - len(rows)):
        g, f = name()
        student = rng.random() < 0.4
        anonymized = rng.random() < 0.005
        if student:
            person("TI", student_number(), g, f, True, birth(True), anonymized=anonymized)
        else:
            person("CC", staff_number(), g, f, False, birth(False) if rng.random() < 0.7 else None,
                   f"persona{i}@alcaldia.gov.co", anonymized=anonymized)

    with open(people_path, "w", encoding="utf-8") as out:
        for r in rows:
            out.write("\t".join("\\N" if v is None else str(v) for v in r) + "\n")
    with open(planted_path, "w", encoding="utf-8") as out:
        for p in planted:
            out.write("\t".join(p) + "\n")


def load_sqlite(people_path, db_path):
    db = sqlite3.connect(db_path)
    with open(people_path, encoding="utf-8") as f:
        rows = ([None if v == "\\N" else v.replace("+00", "") for v in line.rstrip("\n").split("\t")] for line in f)
        with db:
            db.executemany(f'INSERT INTO "People" ({", ".join(chr(34) + c + chr(34) for c in COLUMNS)}) '
                           f'VALUES ({", ".join("?" * len(COLUMNS))})', rows)
    db.close()


def check(planted_path):
    pairs = json.load(sys.stdin)
    found, per_reason = {}, {}
    for p in pairs:
        a = f"{p['a']['documentType']}-{p['a']['documentNumber']}"
        b = f"{p['b']['documentType']}-{p['b']['documentNumber']}"
        codes = {r["code"] for r in p["reasons"]}
        found[frozenset((a, b))] = codes
        for c in codes: per_reason[c] = per_reason.get(c, 0) + 1
    missing = []
    with open(planted_path, encoding="utf-8") as f:
        planted = [line.rstrip("\n").split("\t") for line in f]
    for reason, a, b in planted:
        if reason not in found.get(frozenset((a, b)), set()): missing.append(f"{reason} {a} {b}")
    summary = ", ".join(f"{c} {per_reason.get(c, 0)}" for c in
                        ["same-number-other-type", "number-one-edit-apart", "same-name-and-birth-date", "same-email"])
    print(f"{len(pairs)} pares ({summary}); sembrados encontrados: {len(planted) - len(missing)} de {len(planted)}")
    if missing:
        print("faltan: " + "; ".join(missing[:10]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "generate":
        generate(int(sys.argv[2]), sys.argv[3], sys.argv[4], [int(x) for x in sys.argv[5].split(",")],
                 [int(x) for x in sys.argv[6].split(",")])
    elif cmd == "load-sqlite":
        load_sqlite(sys.argv[2], sys.argv[3])
    elif cmd == "columns":
        print(", ".join(f'"{c}"' for c in COLUMNS))
    elif cmd == "check":
        check(sys.argv[2])
    else:
        sys.exit(__doc__)
