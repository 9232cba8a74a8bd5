using Scari.Web.Features.Accounts;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using PeopleImporter = Scari.Web.Features.People.Import.PeopleImport;
using PeopleFile = Scari.Web.Features.People.Import.ImportFile;

namespace Scari.Web.Features.InPerson;

// Over 300 lines: reading the sheet, matching its people (known, to create, unknown) and grouping its rows into
// sessions share the preview that the import re-runs; the people checks themselves are the people import's.

/// <summary>
/// Imports an attendance list (CSV or XLSX: tipo_documento, numero_documento, nombres, apellidos, fecha, actividad and,
/// optionally, horas). First a preview lists every row's problems, the rows whose name differs from the person of
/// their document (to accept) and the people nobody registered; the import itself runs only on a file without
/// problems, in one transaction. Rows make one session per activity and date. Hours come from the row or, when
/// empty, from the catalogue course. People the sheet names and SCARI does not know are created when the sheet carries
/// the people import's columns (publico, dependencia…), checked by that import's own rows (<see cref="PeopleImporter"/>);
/// otherwise they are listed once, to download as a people file. Importing the same list again changes nothing.
/// A tutor's list goes only into sessions of their own (<see cref="SessionScope"/>).
/// </summary>
public sealed class AttendanceImport(ScariDbContext db, AuditLog audit, TimeProvider clock, Surveys.LearnerSurveys surveys, PeopleImporter people)
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public static readonly string[] Columns = ["tipo_documento", "numero_documento", "nombres", "apellidos", "fecha", "actividad", "horas"];
    public static readonly string[] RequiredColumns = ["tipo_documento", "numero_documento", "nombres", "apellidos", "fecha", "actividad"];

    /// <summary>The people import's columns an attendance sheet may carry to create the people it names (with «publico»).</summary>
    public static IEnumerable<string> PeopleColumns => PeopleFile.KnownColumns.Where(c => c is not ("curso" or "cohorte"));

    public async Task<ImportPreview> PreviewAsync(byte[] file, CurrentAccount account, CancellationToken ct) =>
        (await PlanAsync(file, account, ct)).Preview;

    private sealed record Plan(ImportPreview Preview, People.Import.PeopleImport.Work? NewPeople);

    private async Task<Plan> PlanAsync(byte[] file, CurrentAccount account, CancellationToken ct)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<ImportRow>();
        Plan Refused() => new(new(rows, problems), null);
        if (file.Length == 0) { problems.Add(new(0, "", "El archivo está vacío: elija la lista de asistencia en formato CSV.")); return Refused(); }
        if (file.Length > MaxBytes) { problems.Add(new(0, "", "El archivo pesa más de 2 MB: divídalo en varias listas.")); return Refused(); }

        var sheet = Spreadsheet.Read(file);
        if (sheet.Problems.FirstOrDefault(p => p.Row == 0) is { } unreadable) { problems.Add(new(0, "", unreadable.Message)); return Refused(); }
        problems.AddRange(sheet.Problems.Select(p => new ImportProblem(p.Row, p.Column?.Trim().ToLowerInvariant() ?? "", p.Message)));
        var lines = sheet.Records.Select(r => r.Cells.ToList()).ToList();
        if (lines.Count == 0) { problems.Add(new(0, "", "El archivo no tiene filas.")); return Refused(); }
        var header = lines[0].Select(h => PeopleFile.CanonicalColumn(h)).ToList();
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c));
        var missing = RequiredColumns.Where(c => index[c] < 0).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new(1, string.Join(", ", missing),
                $"Faltan las columnas {string.Join(", ", missing)} en la primera fila. La primera fila debe ser: {string.Join(";", Columns)} (horas es opcional)."));
            return Refused();
        }
        // With «publico», the sheet can register the people it names; the other people columns are then read too.
        var peopleColumns = header.Contains("publico") ? PeopleColumns.Where(header.Contains).ToList() : null;

        var today = Bogota.Today(clock);
        for (var i = 1; i < lines.Count; i++)
        {
            var cells = lines[i];
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            var rowNumber = sheet.Records[i].Row;
            string Cell(string column) => index[column] is >= 0 and var at && at < cells.Count ? cells[at].Trim() : "";
            var rowProblems = new List<ImportProblem>();
            void Problem(string column, string message) => rowProblems.Add(new(rowNumber, column, message));

            var typeText = Cell("tipo_documento").ToUpperInvariant();
            DocumentType? type = Enum.TryParse<DocumentType>(typeText, out var t) && Enum.IsDefined(t) && !typeText.All(char.IsDigit) ? t : null;
            if (typeText.Length == 0) Problem("tipo_documento", $"La fila {rowNumber} no tiene tipo de documento: escriba CC, TI, CE, PPT, PEP, PA o RC.");
            else if (type is null) Problem("tipo_documento", $"La fila {rowNumber} tiene un tipo de documento desconocido («{typeText}»): escriba CC, TI, CE, PPT, PEP, PA o RC.");

            var number = Cell("numero_documento").Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            if (number.Length == 0) Problem("numero_documento", $"La fila {rowNumber} no tiene número de documento.");
            else if (number.Length > 20) Problem("numero_documento", $"La fila {rowNumber} tiene un número de documento demasiado largo: use como máximo 20 caracteres.");
            else if (type is DocumentType.CC or DocumentType.TI or DocumentType.RC && !number.All(char.IsAsciiDigit))
                Problem("numero_documento", $"La fila {rowNumber} tiene un número de documento con letras: escriba solo dígitos.");
            else if (!number.All(char.IsAsciiLetterOrDigit))
                Problem("numero_documento", $"La fila {rowNumber} tiene caracteres no válidos en el número de documento: use solo letras y dígitos.");

            var dateText = Cell("fecha");
            DateOnly? date = DateOnly.TryParseExact(dateText, ["yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
            if (dateText.Length == 0) Problem("fecha", $"La fila {rowNumber} no tiene fecha: escríbala como 2026-03-31 o 31/03/2026.");
            else if (date is null) Problem("fecha", $"La fila {rowNumber} tiene una fecha que no se entiende («{dateText}»): escríbala como 2026-03-31 o 31/03/2026.");
            else if (date > today) Problem("fecha", $"La fila {rowNumber} tiene una fecha futura ({date:yyyy-MM-dd}): la asistencia se registra después de la sesión.");

            var activity = Cell("actividad");
            if (activity.Length == 0) Problem("actividad", $"La fila {rowNumber} no dice la actividad: escriba el nombre del curso o de la actividad.");
            else if (activity.Length > 200) Problem("actividad", $"La fila {rowNumber} tiene un nombre de actividad demasiado largo: use como máximo 200 caracteres.");

            var hoursText = Cell("horas");
            int? hours = int.TryParse(hoursText, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : null;
            if (hoursText.Length > 0 && hours is null or < 1 or > 200)
                Problem("horas", $"La fila {rowNumber} tiene horas no válidas («{hoursText}»): escriba un número entero entre 1 y 200, o deje la celda vacía si es un curso del catálogo.");

            problems.AddRange(rowProblems);
            var personCells = peopleColumns?.Select(c => header.IndexOf(c) is var at && at < cells.Count ? cells[at] : "").ToArray();
            rows.Add(new ImportRow(rowNumber, type, number, Cell("nombres"), Cell("apellidos"), date, activity, hours ?? 0, rowProblems.Count == 0)
                { HoursGiven = hours is not null, PersonCells = personCells });
        }
        if (rows.Count == 0) problems.Add(new(0, "", "El archivo solo tiene la fila de títulos: no hay asistentes que importar."));

        var numbers = rows.Where(r => r.Valid).Select(r => r.DocumentNumber).Distinct().ToList();
        var known = await db.People.AsNoTracking().Where(p => numbers.Contains(p.DocumentNumber))
            .Select(p => new { p.Id, p.DocumentType, p.DocumentNumber, p.GivenNames, p.FamilyNames }).ToListAsync(ct);
        var renewed = await DocumentLookup.RenewedAsync(db, numbers, ct);
        var renewedIds = renewed.Values.ToList();
        var renewedNames = await db.People.AsNoTracking().Where(p => renewedIds.Contains(p.Id))
            .Select(p => new { p.Id, p.GivenNames, p.FamilyNames }).ToDictionaryAsync(p => p.Id, ct);
        var courses = await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent).Select(v => new { v.CourseId, v.Title, v.Hours }).ToListAsync(ct);
        var seen = new Dictionary<(string, string, DateOnly), int>();
        var hoursOf = new Dictionary<(string, DateOnly), (int Hours, int Row)>();
        var unknown = new Dictionary<(DocumentType, string), UnknownPerson>();
        var warnings = new List<ImportWarning>();
        var result = new List<ImportRow>();
        foreach (var row in rows)
        {
            if (!row.Valid) { result.Add(row); continue; }
            var course = courses.FirstOrDefault(c => string.Equals(c.CourseId, row.Activity, StringComparison.OrdinalIgnoreCase)
                || string.Equals(c.Title, row.Activity, StringComparison.OrdinalIgnoreCase));
            var key = InPersonTraining.ActivityKey(course?.CourseId, row.Activity);
            var date = row.Date!.Value;
            // Hours: the row's, else the course's; one session per activity and date has one number of hours.
            var hours = row.HoursGiven ? row.Hours : course is { Hours: > 0 } ? course.Hours : 0;
            if (hours == 0)
            {
                problems.Add(new(row.Row, "horas", $"La fila {row.Row} no tiene horas y «{row.Activity}» no es un curso del catálogo con horas: escriba las horas de la actividad (un número entero entre 1 y 200)."));
                result.Add(row with { Valid = false });
                continue;
            }
            if (hoursOf.TryGetValue((key, date), out var firstHours) && firstHours.Hours != hours)
            {
                problems.Add(new(row.Row, "horas", $"La fila {row.Row} dice {hours} horas y la fila {firstHours.Row} dice {firstHours.Hours} para «{row.Activity}» del {date:yyyy-MM-dd}: es una sola sesión, con unas solas horas. Corrija una de las dos."));
                result.Add(row with { Valid = false });
                continue;
            }
            hoursOf.TryAdd((key, date), (hours, row.Row));

            // By the current document, or by one the person renewed (a TI on an old attendance sheet of a student who now has a CC).
            var match = known.FirstOrDefault(p => p.DocumentType == row.DocumentType && p.DocumentNumber == row.DocumentNumber);
            int? personId = match?.Id ?? (renewed.TryGetValue((row.DocumentType!.Value, row.DocumentNumber), out var renewedBy) ? renewedBy : null);
            if (personId is null && known.FirstOrDefault(p => p.DocumentNumber == row.DocumentNumber) is { } sameNumber)
            {
                // Never matched silently: the same number with another type may be a renewal nobody recorded, or someone else.
                problems.Add(new(row.Row, "tipo_documento",
                    $"La fila {row.Row}: el número {row.DocumentNumber} está registrado como {sameNumber.DocumentType} de {sameNumber.GivenNames} {sameNumber.FamilyNames}, no como {row.DocumentType}. Si esa persona renovó su documento, regístrelo en su ficha («Cambiar documento») y suba la lista de nuevo; si no, corrija la fila."));
                result.Add(row with { Valid = false });
                continue;
            }
            var who = personId is { } id ? $"p{id}" : $"d{row.DocumentType}{row.DocumentNumber}";
            if (seen.TryGetValue((who, key, date), out var first))
            {
                problems.Add(new(row.Row, "numero_documento", $"La fila {row.Row} repite a la persona de la fila {first} en la misma actividad y fecha: borre una de las dos."));
                result.Add(row with { Valid = false });
                continue;
            }
            seen[(who, key, date)] = row.Row;
            if (personId is { } found)
            {
                var (given, family) = match is not null ? (match.GivenNames, match.FamilyNames)
                    : renewedNames.TryGetValue(found, out var r) ? (r.GivenNames, r.FamilyNames) : (row.GivenNames, row.FamilyNames);
                if (!NamesAgree(row.GivenNames, row.FamilyNames, given, family))
                    warnings.Add(new(row.Row, $"{row.DocumentType} {row.DocumentNumber}", $"{row.GivenNames} {row.FamilyNames}", $"{given} {family}", found));
            }
            else if (!unknown.TryGetValue((row.DocumentType!.Value, row.DocumentNumber), out var u))
                unknown[(row.DocumentType!.Value, row.DocumentNumber)] = new(row.DocumentType!.Value, row.DocumentNumber, row.GivenNames, row.FamilyNames, [row.Row]);
            else u.Rows.Add(row.Row);
            result.Add(row with { PersonId = personId, CourseId = course?.CourseId, ActivityKey = key, Hours = hours });
        }
        if (!account.IsAdministrator) result = await RefuseOthersSessionsAsync(result, account, problems, ct);
        var hoursWarnings = await SessionHoursAsync(result, account, ct);

        People.Import.PeopleImport.Work? newPeople = null;
        var unknownList = unknown.Values.OrderBy(u => u.Rows[0]).ToList();
        if (unknownList.Count > 0 && peopleColumns is not null)
        {
            // The people import checks these rows with its own rules (documents, names, units, minors' consent).
            var firstRows = unknownList.Select(u => u.Rows[0]).ToHashSet();
            var table = new People.Import.CsvTable(sheet.Format, sheet.Delimiter, peopleColumns,
                result.Where(r => firstRows.Contains(r.Row)).Select(r => (r.Row, r.PersonCells!)).ToList());
            var (plan, work) = await people.PlanTableAsync(table, [], account.People, account.UserId, ct);
            foreach (var p in plan.Problems)
                problems.Add(new(p.Row, p.Column ?? "", p.Row == 0 ? $"Para registrar a las personas nuevas: {p.Message}" : $"La fila {p.Row} registra a una persona nueva: {p.Message}"));
            foreach (var m in plan.MissingUnits)
                problems.Add(new(m.Rows[0], m.Kind == CatalogueKind.Colegio ? "colegio" : "dependencia",
                    $"{(m.Rows.Count == 1 ? "La fila" : "Las filas")} {People.Import.UnitMatch.Ranges(m.Rows)} {(m.Rows.Count == 1 ? "registra" : "registran")} personas de {(m.Kind == CatalogueKind.Colegio ? "el colegio" : "la dependencia")} «{m.Text}», que no está en el catálogo: agréguela en Dependencias y colegios (o impórtelas primero en Importar personas, que le deja elegir la correspondencia) y vuelva a subir la lista."));
            newPeople = work;
            unknownList = [];
        }
        var preview = new ImportPreview(result, problems.OrderBy(p => p.Row).ToList())
        {
            Warnings = warnings, HoursWarnings = hoursWarnings, Unknown = unknownList, NewPeople = newPeople?.NewPeople.Count ?? 0,
            CanCreatePeople = peopleColumns is not null,
        };
        return new(preview, problems.Count == 0 ? newPeople : null);
    }

    /// <summary>
    /// The names of a row against the person of its document, folded (case, accents, punctuation): the same given
    /// names (or one of them missing), and the same surnames or only the first one.
    /// </summary>
    public static bool NamesAgree(string rowGiven, string rowFamily, string given, string family)
    {
        if (PersonNames.Key(rowGiven, rowFamily) == PersonNames.Key(given, family)) return true;
        static string[] Words(string text) => PersonNames.Simplify(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        static bool Prefix(string[] a, string[] b) => a.Length > 0 && b.Length > 0 && a.Zip(b).All(x => x.First == x.Second);
        return Prefix(Words(rowGiven), Words(given)) && Prefix(Words(rowFamily), Words(family));
    }

    /// <summary>The unknown people as a file for the people import (its columns; the ones the sheet knew filled).</summary>
    public static byte[] UnknownPeopleCsv(IReadOnlyList<UnknownPerson> unknown)
    {
        var sb = new StringBuilder(string.Join(';', PeopleFile.KnownColumns)).Append("\r\n");
        var empty = new string(';', PeopleFile.KnownColumns.Count - 4);
        foreach (var u in unknown)
            sb.Append(u.DocumentType).Append(';').Append(u.DocumentNumber).Append(';').Append(Cell(u.GivenNames)).Append(';').Append(Cell(u.FamilyNames)).Append(empty).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
        static string Cell(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "" : text.Contains(';') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    /// <summary>
    /// A tutor's rows that would add attendance to a session another account recorded (same activity and date, and no
    /// such session of their own): one problem per row, so nothing of the list is imported.
    /// </summary>
    private async Task<List<ImportRow>> RefuseOthersSessionsAsync(List<ImportRow> rows, CurrentAccount account, List<ImportProblem> problems, CancellationToken ct)
    {
        var keys = rows.Where(r => r.ActivityKey is not null).Select(r => r.ActivityKey!).Distinct().ToList();
        var dates = rows.Where(r => r.ActivityKey is not null).Select(r => r.Date!.Value).Distinct().ToList();
        if (keys.Count == 0) return rows;
        var sessions = await db.TrainingSessions.AsNoTracking()
            .Where(s => keys.Contains(s.ActivityKey) && dates.Contains(s.Date))
            .OrderBy(s => s.Id)
            .Select(s => new { s.ActivityKey, s.Date, s.Hours, s.Name, s.TutorUserId }).ToListAsync(ct);
        var checkedRows = new List<ImportRow>(rows.Count);
        foreach (var row in rows)
        {
            var same = sessions.Where(s => s.ActivityKey == row.ActivityKey && s.Date == row.Date).ToList();
            if (same.Count == 0 || same.Any(s => s.TutorUserId == account.UserId)) { checkedRows.Add(row); continue; }
            var other = same[0];
            problems.Add(new(row.Row, "actividad",
                $"La fila {row.Row}: la sesión «{other.Name}» del {other.Date:yyyy-MM-dd} ({other.Hours} h) la registró otra persona: pida a un administrador que importe esta lista."));
            checkedRows.Add(row with { Valid = false });
        }
        return checkedRows;
    }

    /// <summary>
    /// Rows whose hours differ from those of the session already recorded for their activity and date (the one the import
    /// would add them to): the session keeps its hours, and the preview says so row by row.
    /// </summary>
    private async Task<List<HoursWarning>> SessionHoursAsync(List<ImportRow> rows, CurrentAccount account, CancellationToken ct)
    {
        var valid = rows.Where(r => r.Valid && r.ActivityKey is not null).ToList();
        if (valid.Count == 0) return [];
        var keys = valid.Select(r => r.ActivityKey!).Distinct().ToList();
        var dates = valid.Select(r => r.Date!.Value).Distinct().ToList();
        var sessions = (await db.TrainingSessions.VisibleTo(account).AsNoTracking()
                .Where(s => keys.Contains(s.ActivityKey) && dates.Contains(s.Date))
                .Select(s => new { s.Id, s.ActivityKey, s.Date, s.Hours, s.Name }).ToListAsync(ct))
            .GroupBy(s => (s.ActivityKey, s.Date)).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Id).First());
        var warnings = new List<HoursWarning>();
        foreach (var r in valid)
            if (sessions.TryGetValue((r.ActivityKey!, r.Date!.Value), out var s) && s.Hours != r.Hours)
                warnings.Add(new(r.Row, r.Hours, r.HoursGiven, s.Id, s.Name, s.Date, s.Hours));
        return warnings;
    }

    public const string WarningsNotAcceptedMessage =
        "Hay filas cuyo nombre no coincide con el de la persona registrada con ese documento: revíselas en «Nombres que no coinciden» y marque la casilla para aceptarlas antes de importar.";

    /// <summary>
    /// Imports a file without problems: the new people, then one session per activity and date (found or created),
    /// attendance and completions once each. All or nothing. Rows whose name did not match are imported only with
    /// <paramref name="warningsAccepted"/>.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(byte[] file, string? indicatorId, string tutorName, CurrentAccount account, CancellationToken ct,
        bool warningsAccepted = false, string? fileName = null)
    {
        var source = $"{(string.IsNullOrWhiteSpace(fileName) ? "lista de asistencia" : Path.GetFileName(fileName.Trim()))} (SHA-256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file))})";
        var (preview, newPeople) = await PlanAsync(file, account, ct);
        if (!preview.CanImport) return new(preview, 0, 0, 0);
        if (preview.Warnings.Count > 0 && !warningsAccepted)
        {
            db.ChangeTracker.Clear();
            return new(preview, 0, 0, 0) { Message = WarningsNotAcceptedMessage };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var versions = await db.CourseVersions.Where(v => v.IsCurrent).ToDictionaryAsync(v => v.CourseId, v => v.Id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = newPeople is null ? [] : await people.InsertPlannedAsync(newPeople, ct);
        // Each person registered names the file that brought them and its SHA-256, as the people import's batch does.
        foreach (var ((type, number), personId) in created)
            audit.Record("person.imported", "Person", personId,
                $"{type} {number}, registrada desde la lista de asistencia {source}, fila {preview.Rows.First(r => r.PersonId is null && r.DocumentType == type && r.DocumentNumber == number).Row}.");
        int PersonOf(ImportRow r) => r.PersonId ?? created[(r.DocumentType!.Value, r.DocumentNumber)];
        int sessionsCreated = 0, attendanceCreated = 0, completionsCreated = 0;
        foreach (var group in preview.Rows.GroupBy(r => (r.ActivityKey!, r.Date!.Value)))
        {
            var (key, date) = group.Key;
            // Scoped as well as previewed: a tutor's rows never land in someone else's session, even if one appeared since.
            var session = await db.TrainingSessions.VisibleTo(account)
                .Where(s => s.ActivityKey == key && s.Date == date).OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
            if (session is null)
            {
                var first = group.First();
                session = new TrainingSession
                {
                    CourseId = first.CourseId,
                    Name = first.Activity,
                    ActivityKey = key,
                    Date = date,
                    Hours = first.Hours,
                    TutorName = tutorName,
                    TutorUserId = account.OwnerOfNewSession(),
                    IndicatorId = string.IsNullOrWhiteSpace(indicatorId) ? null : indicatorId,
                    CreatedUtc = now,
                };
                db.TrainingSessions.Add(session);
                await db.SaveChangesAsync(ct);
                sessionsCreated++;
            }
            var ids = group.Select(PersonOf).ToList();
            var newlyCompleted = new List<int>();
            // Attendance of the same person, activity and date in any session (older imports made one per hours) is the same record.
            var existing = (await db.Attendances.Include(a => a.Completion).Include(a => a.Session)
                .Where(a => a.Session.ActivityKey == key && a.Session.Date == date && ids.Contains(a.PersonId))
                .OrderBy(a => a.SessionId != session.Id).ThenBy(a => a.Id).ToListAsync(ct))
                .DistinctBy(a => a.PersonId).ToDictionary(a => a.PersonId);
            foreach (var row in group)
            {
                var personId = PersonOf(row);
                if (!existing.TryGetValue(personId, out var attendance))
                {
                    attendance = new Attendance { SessionId = session.Id, Session = session, PersonId = personId, RecordedUtc = now };
                    db.Attendances.Add(attendance);
                    attendanceCreated++;
                }
                var of = attendance.Session;
                if (attendance.Completion is null && attendance.CompletionId is null)
                {
                    attendance.Completion = new Completion
                    {
                        PersonId = personId,
                        CourseId = of.ActivityKey,
                        CourseVersionId = of.CourseId is { } c && versions.TryGetValue(c, out var v) ? v : null,
                        Source = CompletionSource.InPerson,
                        CompletedUtc = InPersonTraining.CompletionTime(of.Date),
                        Hours = of.Hours,
                    };
                    completionsCreated++;
                    newlyCompleted.Add(personId);
                }
                if (!attendance.Attended || !attendance.Completed)
                {
                    attendance.Attended = true;
                    attendance.Completed = true;
                    attendance.RecordedUtc = now;
                }
            }
            await InPersonTraining.QueueSurveyInvitationsAsync(surveys, session, newlyCompleted, Bogota.Today(clock), ct);
        }
        if (sessionsCreated + attendanceCreated + completionsCreated + created.Count > 0)
            audit.Record("attendance.imported", "TrainingSession", "lista",
                $"{source}, {preview.Rows.Count} fila(s): {sessionsCreated} sesión(es), {attendanceCreated} asistencia(s), {completionsCreated} finalización(es) nuevas"
                + (created.Count > 0 ? $", {created.Count} persona(s) registradas" : "")
                + (preview.Warnings.Count > 0 ? $"; {preview.Warnings.Count} nombre(s) distintos aceptados" : "")
                + (preview.HoursWarnings.Count > 0 ? $"; {preview.HoursWarnings.Count} fila(s) con horas distintas de las de su sesión (se conservan las de la sesión)" : ""));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(preview, sessionsCreated, attendanceCreated, completionsCreated) { PeopleCreated = created.Count };
    }
}

public sealed record ImportProblem(int Row, string Column, string Message);

public sealed record ImportRow(
    int Row, DocumentType? DocumentType, string DocumentNumber, string GivenNames, string FamilyNames,
    DateOnly? Date, string Activity, int Hours, bool Valid, int? PersonId = null, string? CourseId = null, string? ActivityKey = null)
{
    public bool HoursGiven { get; init; }
    /// <summary>The row's people columns (in the order the people import reads them), when the sheet has them.</summary>
    public string[]? PersonCells { get; init; }
}

/// <summary>A row whose names differ from those of the person registered with its document.</summary>
public sealed record ImportWarning(int Row, string Document, string SheetName, string RegisteredName, int PersonId);

/// <summary>A row whose hours differ from those of the session already recorded for its activity and date (which keeps its own).</summary>
public sealed record HoursWarning(int Row, int RowHours, bool HoursGiven, int SessionId, string SessionName, DateOnly Date, int SessionHours);

/// <summary>A document the sheet names and SCARI does not know, once, with every row it appears on.</summary>
public sealed record UnknownPerson(DocumentType DocumentType, string DocumentNumber, string GivenNames, string FamilyNames, List<int> Rows);

public sealed record ImportPreview(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportProblem> Problems)
{
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];
    public IReadOnlyList<HoursWarning> HoursWarnings { get; init; } = [];
    public IReadOnlyList<UnknownPerson> Unknown { get; init; } = [];
    /// <summary>People the import registers (the sheet carries the people columns).</summary>
    public int NewPeople { get; init; }
    public bool CanCreatePeople { get; init; }
    public bool CanImport => Problems.Count == 0 && Unknown.Count == 0 && Rows.Count > 0;
    public int Sessions => Rows.Where(r => r.ActivityKey is not null).Select(r => (r.ActivityKey, r.Date)).Distinct().Count();
}

public sealed record ImportOutcome(ImportPreview Preview, int SessionsCreated, int AttendanceCreated, int CompletionsCreated)
{
    public string? Message { get; init; }
    public int PeopleCreated { get; init; }
    public bool Imported => Preview.CanImport && Message is null;
}
