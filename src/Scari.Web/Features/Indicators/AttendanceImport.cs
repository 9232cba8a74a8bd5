using Scari.Web.Features.Accounts;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// Imports an attendance list (CSV: tipo_documento, numero_documento, nombres, apellidos, fecha, actividad, horas).
/// First a preview lists every row's problems; the import itself runs only on a file without problems, in one
/// transaction. Unknown people are reported, never created. Importing the same list again changes nothing.
/// A tutor's list goes only into sessions of their own (<see cref="SessionScope"/>): a row that falls on a session
/// someone else recorded is a problem, and an administrator imports that list instead.
/// </summary>
public sealed class AttendanceImport(ScariDbContext db, AuditLog audit, TimeProvider clock, Surveys.LearnerSurveys surveys)
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public static readonly string[] Columns = ["tipo_documento", "numero_documento", "nombres", "apellidos", "fecha", "actividad", "horas"];

    public async Task<ImportPreview> PreviewAsync(byte[] file, CurrentAccount account, CancellationToken ct)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<ImportRow>();
        if (file.Length == 0) { problems.Add(new(0, "", "El archivo está vacío: elija la lista de asistencia en formato CSV.")); return new(rows, problems); }
        if (file.Length > MaxBytes) { problems.Add(new(0, "", "El archivo pesa más de 2 MB: divídalo en varias listas.")); return new(rows, problems); }

        var sheet = Spreadsheet.Read(file);
        if (sheet.Problems.FirstOrDefault(p => p.Row == 0) is { } unreadable) { problems.Add(new(0, "", unreadable.Message)); return new(rows, problems); }
        problems.AddRange(sheet.Problems.Select(p => new ImportProblem(p.Row, p.Column?.Trim().ToLowerInvariant() ?? "", p.Message)));
        var lines = sheet.Records.Select(r => r.Cells.ToList()).ToList();
        if (lines.Count == 0) { problems.Add(new(0, "", "El archivo no tiene filas.")); return new(rows, problems); }
        var header = lines[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var index = Columns.ToDictionary(c => c, c => header.IndexOf(c));
        var missing = index.Where(kv => kv.Value < 0).Select(kv => kv.Key).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new(1, string.Join(", ", missing),
                $"Faltan las columnas {string.Join(", ", missing)} en la primera fila. La primera fila debe ser: {string.Join(";", Columns)}."));
            return new(rows, problems);
        }

        for (var i = 1; i < lines.Count; i++)
        {
            var cells = lines[i];
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            var rowNumber = sheet.Records[i].Row;
            string Cell(string column) => index[column] < cells.Count ? cells[index[column]].Trim() : "";
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
            else if (date > Bogota.Today(clock)) Problem("fecha", $"La fila {rowNumber} tiene una fecha futura ({date:yyyy-MM-dd}): la asistencia se registra después de la sesión.");

            var activity = Cell("actividad");
            if (activity.Length == 0) Problem("actividad", $"La fila {rowNumber} no dice la actividad: escriba el nombre del curso o de la actividad.");
            else if (activity.Length > 200) Problem("actividad", $"La fila {rowNumber} tiene un nombre de actividad demasiado largo: use como máximo 200 caracteres.");

            var hoursText = Cell("horas");
            int? hours = int.TryParse(hoursText, NumberStyles.None, CultureInfo.InvariantCulture, out var h) ? h : null;
            if (hoursText.Length == 0) Problem("horas", $"La fila {rowNumber} no tiene horas: escriba un número entero, por ejemplo 4.");
            else if (hours is null or < 1 or > 200) Problem("horas", $"La fila {rowNumber} tiene horas no válidas («{hoursText}»): escriba un número entero entre 1 y 200.");

            problems.AddRange(rowProblems);
            rows.Add(new ImportRow(rowNumber, type, number, Cell("nombres"), Cell("apellidos"), date, activity, hours ?? 0, rowProblems.Count == 0));
        }
        if (rows.Count == 0) problems.Add(new(0, "", "El archivo solo tiene la fila de títulos: no hay asistentes que importar."));

        // People are looked up by document, never created here.
        var numbers = rows.Where(r => r.Valid).Select(r => r.DocumentNumber).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => numbers.Contains(p.DocumentNumber))
            .Select(p => new { p.Id, p.DocumentType, p.DocumentNumber, p.GivenNames, p.FamilyNames }).ToListAsync(ct);
        var renewed = await DocumentLookup.RenewedAsync(db, numbers, ct);
        var courses = await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent).Select(v => new { v.CourseId, v.Title }).ToListAsync(ct);
        var seen = new Dictionary<(int, string, DateOnly), int>();
        var result = new List<ImportRow>();
        foreach (var row in rows)
        {
            if (!row.Valid) { result.Add(row); continue; }
            // By the current document, or by one the person renewed (a TI on an old attendance sheet of a student who now has a CC).
            var personId = people.FirstOrDefault(p => p.DocumentType == row.DocumentType && p.DocumentNumber == row.DocumentNumber)?.Id
                ?? (renewed.TryGetValue((row.DocumentType!.Value, row.DocumentNumber), out var renewedBy) ? renewedBy : null);
            if (personId is null && people.FirstOrDefault(p => p.DocumentNumber == row.DocumentNumber) is { } sameNumber)
            {
                // Never matched silently: the same number with another type may be a renewal nobody recorded, or someone else.
                problems.Add(new(row.Row, "tipo_documento",
                    $"La fila {row.Row}: el número {row.DocumentNumber} está registrado como {sameNumber.DocumentType} de {sameNumber.GivenNames} {sameNumber.FamilyNames}, no como {row.DocumentType}. Si esa persona renovó su documento, regístrelo en su ficha («Cambiar documento») y suba la lista de nuevo; si no, corrija la fila."));
                result.Add(row with { Valid = false });
                continue;
            }
            var person = personId is { } found ? new { Id = found } : null;
            if (person is null)
            {
                problems.Add(new(row.Row, "numero_documento",
                    $"La fila {row.Row}: no hay ninguna persona registrada con {row.DocumentType} {row.DocumentNumber}. Regístrela primero o corrija el documento."));
                result.Add(row with { Valid = false });
                continue;
            }
            var course = courses.FirstOrDefault(c => string.Equals(c.CourseId, row.Activity, StringComparison.OrdinalIgnoreCase)
                || string.Equals(c.Title, row.Activity, StringComparison.OrdinalIgnoreCase));
            var key = InPersonTraining.ActivityKey(course?.CourseId, row.Activity);
            if (seen.TryGetValue((person.Id, key, row.Date!.Value), out var first))
            {
                problems.Add(new(row.Row, "numero_documento", $"La fila {row.Row} repite a la persona de la fila {first} en la misma actividad y fecha: borre una de las dos."));
                result.Add(row with { Valid = false });
                continue;
            }
            seen[(person.Id, key, row.Date.Value)] = row.Row;
            result.Add(row with { PersonId = person.Id, CourseId = course?.CourseId, ActivityKey = key });
        }
        if (!account.IsAdministrator) result = await RefuseOthersSessionsAsync(result, account, problems, ct);
        return new(result, problems.OrderBy(p => p.Row).ToList());
    }

    /// <summary>
    /// A tutor's rows that would add attendance to a session another account recorded (same activity, date and hours,
    /// and no such session of their own): one problem per row, so nothing of the list is imported.
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
            var same = sessions.Where(s => s.ActivityKey == row.ActivityKey && s.Date == row.Date && s.Hours == row.Hours).ToList();
            if (same.Count == 0 || same.Any(s => s.TutorUserId == account.UserId)) { checkedRows.Add(row); continue; }
            var other = same[0];
            problems.Add(new(row.Row, "actividad",
                $"La fila {row.Row}: la sesión «{other.Name}» del {other.Date:yyyy-MM-dd} ({other.Hours} h) la registró otra persona: pida a un administrador que importe esta lista."));
            checkedRows.Add(row with { Valid = false });
        }
        return checkedRows;
    }

    /// <summary>Imports a file without problems: sessions found or created, attendance and completions once. All or nothing.</summary>
    public async Task<ImportOutcome> ImportAsync(byte[] file, string? indicatorId, string tutorName, CurrentAccount account, CancellationToken ct)
    {
        var preview = await PreviewAsync(file, account, ct);
        if (preview.Problems.Count > 0) return new(preview, 0, 0, 0);

        var now = clock.GetUtcNow().UtcDateTime;
        var versions = await db.CourseVersions.Where(v => v.IsCurrent).ToDictionaryAsync(v => v.CourseId, v => v.Id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        int sessionsCreated = 0, attendanceCreated = 0, completionsCreated = 0;
        foreach (var group in preview.Rows.GroupBy(r => (r.ActivityKey!, r.Date!.Value, r.Hours)))
        {
            var (key, date, hours) = group.Key;
            // Scoped as well as previewed: a tutor's rows never land in someone else's session, even if one appeared since.
            var session = await db.TrainingSessions.VisibleTo(account)
                .Where(s => s.ActivityKey == key && s.Date == date && s.Hours == hours).OrderBy(s => s.Id).FirstOrDefaultAsync(ct);
            if (session is null)
            {
                var first = group.First();
                session = new TrainingSession
                {
                    CourseId = first.CourseId,
                    Name = first.Activity,
                    ActivityKey = key,
                    Date = date,
                    Hours = hours,
                    TutorName = tutorName,
                    TutorUserId = account.OwnerOfNewSession(),
                    IndicatorId = string.IsNullOrWhiteSpace(indicatorId) ? null : indicatorId,
                    CreatedUtc = now,
                };
                db.TrainingSessions.Add(session);
                await db.SaveChangesAsync(ct);
                sessionsCreated++;
            }
            var ids = group.Select(r => r.PersonId!.Value).ToList();
            var newlyCompleted = new List<int>();
            var existing = await db.Attendances.Include(a => a.Completion)
                .Where(a => a.SessionId == session.Id && ids.Contains(a.PersonId)).ToDictionaryAsync(a => a.PersonId, ct);
            foreach (var row in group)
            {
                var personId = row.PersonId!.Value;
                if (!existing.TryGetValue(personId, out var attendance))
                {
                    attendance = new Attendance { SessionId = session.Id, PersonId = personId, RecordedUtc = now };
                    db.Attendances.Add(attendance);
                    attendanceCreated++;
                }
                if (attendance.Completion is null && attendance.CompletionId is null)
                {
                    attendance.Completion = new Completion
                    {
                        PersonId = personId,
                        CourseId = session.ActivityKey,
                        CourseVersionId = session.CourseId is { } c && versions.TryGetValue(c, out var v) ? v : null,
                        Source = CompletionSource.InPerson,
                        CompletedUtc = InPersonTraining.CompletionTime(session.Date),
                        Hours = session.Hours,
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
        if (sessionsCreated + attendanceCreated + completionsCreated > 0)
            audit.Record("attendance.imported", "TrainingSession", "lista",
                $"{preview.Rows.Count} fila(s): {sessionsCreated} sesión(es), {attendanceCreated} asistencia(s), {completionsCreated} finalización(es) nuevas");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(preview, sessionsCreated, attendanceCreated, completionsCreated);
    }
}

public sealed record ImportProblem(int Row, string Column, string Message);

public sealed record ImportRow(
    int Row, DocumentType? DocumentType, string DocumentNumber, string GivenNames, string FamilyNames,
    DateOnly? Date, string Activity, int Hours, bool Valid, int? PersonId = null, string? CourseId = null, string? ActivityKey = null);

public sealed record ImportPreview(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportProblem> Problems);

public sealed record ImportOutcome(ImportPreview Preview, int SessionsCreated, int AttendanceCreated, int CompletionsCreated)
{
    public bool Imported => Preview.Problems.Count == 0;
}
