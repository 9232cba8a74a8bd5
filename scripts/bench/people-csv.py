#!/usr/bin/env python3
"""Writes a CSV of N people as Excel in Colombia would (UTF-8 with BOM, ';'): half civil servants
(a quarter of them enrolled in a course), half students (a third of them minors, with their guardian)."""
import sys, datetime
n = int(sys.argv[1]); out = sys.argv[2]; offset = int(sys.argv[3]) if len(sys.argv) > 3 else 0
# The app's today is Bogotá's (UTC-5, no daylight saving): a consent dated by the machine's UTC day would be in the future
# between 00:00 and 05:00 UTC.
today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=-5))).date()
cols = "tipo_documento;numero_documento;nombres;apellidos;correo;publico;dependencia;vinculo;cargo;colegio;grado;fecha_nacimiento;curso;cohorte;acudiente_nombre;acudiente_parentesco;acudiente_documento;autorizacion_forma;autorizacion_fecha"
with open(out, "w", encoding="utf-8-sig", newline="") as f:
    f.write(cols + "\r\n")
    for i in range(n):
        k = offset + i
        if i % 2 == 0:
            curso = "gestion-documental-sigob" if i % 8 == 0 else ""
            f.write(f"CC;{30000000 + k};María José;Peña Gómez;persona{k}@alcaldia.gov.co;servidor;SHAC;{'planta' if i % 3 else 'contratista'};Profesional universitario;;;;{curso};;;;;;\r\n")
        else:
            minor = i % 3 == 0
            birth = (datetime.date(today.year - 14, 1, 1) if minor else datetime.date(2004, 3, 15)).isoformat()
            guardian = f"Rosa Peña;Madre;{50000000 + k};Formulario firmado;{today.isoformat()}" if minor else ";;;;"
            f.write(f"TI;{1000000000 + k};Julián Andrés;Núñez Ríos;;estudiante;;;;IE001;10;{birth};;;{guardian}\r\n")
