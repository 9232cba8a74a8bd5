using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.People.Import;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.InPerson;

/// <summary>One checked row of a history file, as the preview lists it.</summary>
public sealed record HistoryRow(int Row, int PersonId, string PersonName, string Document, string CourseId, string Title, bool Activity,
    DateOnly Date, CompletionSource Source, int Hours, string? Certificate, string? Note, bool AlreadyRecorded);

/// <summary>What a history file would do (preview) or did: every problem with its row and column, and the rows.</summary>
public sealed record HistoryPlan(int RowCount, IReadOnlyList<People.Import.ImportProblem> Problems, IReadOnlyList<HistoryRow> Rows)
{
    public bool CanImport => Problems.Count == 0 && Rows.Count > 0;
    public int New => Rows.Count(r => !r.AlreadyRecorded);
    public int Unchanged => Rows.Count(r => r.AlreadyRecorded);
}

/// <summary>
/// Loads past completions (training before SCARI or in other platforms) from CSV or Excel: upload → preview with every
/// row's problems (row and column, in Spanish) → confirm, all or nothing in one transaction. Each row becomes a
/// <see cref="Completion"/> that names its import (who, when, file, SHA-256), dated midday Bogotá of its day, so it
/// counts like any other on that date with the attributes valid then. A row already recorded (same person, course or
/// activity and day, from any source) is left as it is: re-importing a file changes nothing (and a unique index on
/// imported records backs it). No certificate is issued. Unknown documents are row errors: people are imported first.
/// </summary>
public sealed class HistoryImport(ScariDbContext db, TimeProvider clock, AuditLog audit)
{
    public const int MaxBytes = 8 * 1024 * 1024;
    public const int MaxRows = 50_000;

    public static readonly IReadOnlyList<string> Columns =
        ["tipo_documento", "numero_documento", "curso", "actividad", "fecha", "origen", "horas", "certificado", "nota"];
    private static readonly string[] Required = ["numero_documento", "fecha", "origen"];
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["tipo"] = "tipo_documento", ["tipo_de_documento"] = "tipo_documento",
        ["documento"] = "numero_documento", ["numero"] = "numero_documento", ["numero_de_documento"] = "numero_documento",
        ["fuente"] = "origen", ["modalidad"] = "origen", ["fecha_de_finalizacion"] = "fecha", ["fecha_finalizacion"] = "fecha",
        ["numero_certificado"] = "certificado", ["certificado_externo"] = "certificado", ["observacion"] = "nota", ["observaciones"] = "nota",
    };

    /// <summary>Stores the uploaded file as a pending import (it is erased once imported).</summary>
    public async Task<CompletionImport> UploadAsync(string fileName, byte[] content, string userId, string userName, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - PeopleImport.PendingLifetime;
        await db.Set<CompletionImport>().Where(b => !b.Imported && b.UploadedUtc < stale).ExecuteDeleteAsync(ct);
        var batch = new CompletionImport
        {
            UserId = userId, UserName = userName,
            FileName = Path.GetFileName(fileName) is { Length: > 0 and <= 260 } n ? n : "historial.csv",
            FileSha256 = Convert.ToHexStringLower(SHA256.HashData(content)), UploadedUtc = now, Content = content,
        };
        db.Add(batch);
        await db.SaveChangesAsync(ct);
        return batch;
    }

    public Task<CompletionImport?> FindPendingAsync(int id, CancellationToken ct) =>
        db.Set<CompletionImport>().FirstOrDefaultAsync(b => b.Id == id && !b.Imported, ct);

    /// <summary>Checks again (the data may have changed since the preview) and imports every new row, or nothing.</summary>
    public async Task<HistoryPlan> ConfirmAsync(CompletionImport batch, CancellationToken ct)
    {
        var plan = await PlanAsync(batch.Content ?? [], ct);
        if (!plan.CanImport) return plan;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var r in plan.Rows.Where(r => !r.AlreadyRecorded))
            db.Completions.Add(new Completion
            {
                PersonId = r.PersonId,
                CourseId = r.CourseId,
                Source = r.Source,
                CompletedUtc = InPersonTraining.CompletionTime(r.Date),
                Hours = r.Hours,
                ImportId = batch.Id,
                ExternalCertificate = r.Certificate,
                Note = r.Note,
                ActivityName = r.Activity ? r.Title : null,
            });
        batch.Imported = true;
        batch.ImportedUtc = now;
        batch.Content = null;
        batch.Rows = plan.Rows.Count;
        batch.Created = plan.New;
        batch.Unchanged = plan.Unchanged;
        audit.Record("import.history", "CompletionImport", batch.Id,
            $"Historial importado: {batch.FileName} (SHA-256 {batch.FileSha256}), {plan.Rows.Count} fila(s): {plan.New} registro(s) nuevo(s), {plan.Unchanged} ya registrado(s)");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return plan;
    }

    public async Task<HistoryPlan> PlanAsync(byte[] bytes, CancellationToken ct)
    {
        var problems = new List<People.Import.ImportProblem>();
        if (bytes.Length == 0) return new(0, [new(0, null, "El archivo está vacío.")], []);
        var sheet = Spreadsheet.Read(bytes);
        if (sheet.Problems.Any(p => p.Row == 0))
            return new(0, [.. sheet.Problems.Where(p => p.Row == 0).Select(p => new People.Import.ImportProblem(0, null, p.Message))], []);
        problems.AddRange(sheet.Problems.Select(p => new People.Import.ImportProblem(p.Row, p.Column, p.Message)));
        var records = sheet.Records;
        while (records.Count > 0 && records[^1].Cells.All(string.IsNullOrWhiteSpace)) records.RemoveAt(records.Count - 1);
        if (records.Count == 0) return new(0, [new(0, null, "El archivo está vacío.")], []);

        var header = records[0].Cells.Select(Canonical).ToArray();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0) continue;
            if (!Columns.Contains(header[i]))
                problems.Add(new(1, records[0].Cells[i].Trim(), $"La columna «{records[0].Cells[i].Trim()}» no se reconoce. Use los nombres de la plantilla: {string.Join(", ", Columns)}."));
            else if (Array.IndexOf(header, header[i]) != i)
                problems.Add(new(1, header[i], $"La columna «{header[i]}» aparece dos veces."));
        }
        foreach (var r in Required.Where(r => !header.Contains(r)))
            problems.Add(new(1, r, $"Falta la columna «{r}». La primera fila debe tener los nombres de las columnas (separados por «;» o «,»)."));
        if (!header.Contains("curso") && !header.Contains("actividad"))
            problems.Add(new(1, "curso", "Falta la columna «curso» o «actividad»: cada fila dice qué formación terminó la persona."));
        var rows = records.Skip(1).Where(r => !r.Cells.All(string.IsNullOrWhiteSpace)).ToList();
        if (rows.Count > MaxRows) problems.Add(new(0, null, $"El archivo tiene {rows.Count} filas: importe como máximo {MaxRows} por archivo."));
        if (rows.Count == 0 && problems.Count == 0) problems.Add(new(0, null, "El archivo solo tiene la fila de títulos: no hay registros para importar."));
        if (problems.Any(p => p.Row <= 1)) return new(rows.Count, problems, []);

        string Cell(string[] cells, string column)
        {
            var i = Array.IndexOf(header, column);
            return i < 0 || i >= cells.Length ? "" : TextHygiene.Clean(cells[i]).Trim();
        }

        // Everything the rows refer to, read once: people by document number, current courses, known activities.
        var numbers = rows.Select(r => DocumentRules.Normalize(Cell(r.Cells, "numero_documento"))).Where(n => n.Length > 0).Distinct().ToList();
        var people = new List<(int Id, DocumentType Type, string Number, string Name)>();
        foreach (var chunk in numbers.Chunk(1000))
            people.AddRange((await db.People.AsNoTracking().Where(p => chunk.Contains(p.DocumentNumber))
                .Select(p => new { p.Id, p.DocumentType, p.DocumentNumber, p.FamilyNames, p.GivenNames, p.AnonymizedUtc }).ToListAsync(ct))
                .Select(p => (p.Id, p.DocumentType, p.DocumentNumber, p.AnonymizedUtc == null ? $"{p.FamilyNames}, {p.GivenNames}" : "Persona anonimizada")));
        var byNumber = people.ToLookup(p => p.Number);
        var courses = await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent)
            .Select(v => new { v.CourseId, v.Title, v.Hours }).ToListAsync(ct);
        var courseById = courses.ToDictionary(c => c.CourseId, StringComparer.OrdinalIgnoreCase);
        var courseByTitle = courses.GroupBy(c => ImportFile.Simplify(c.Title)).ToDictionary(g => g.Key, g => g.First());
        var activityNames = (await db.TrainingSessions.AsNoTracking().Where(s => s.CourseId == null).Select(s => new { s.ActivityKey, s.Name }).ToListAsync(ct))
            .GroupBy(s => s.ActivityKey).ToDictionary(g => g.Key, g => g.First().Name);
        var today = Bogota.Today(clock);

        var checkedRows = new List<HistoryRow>();
        var seen = new Dictionary<(int, string, DateOnly), int>();
        foreach (var (rowNumber, cells) in rows)
        {
            var before = problems.Count;
            void Problem(string column, string message) => problems.Add(new(rowNumber, column, message));
            foreach (var column in Columns)
                if (ImportFile.EncodingProblem(Cell(cells, column)) is { } bad) Problem(column, $"El valor {bad}");

            // Person: the number, and the type when the file gives it.
            var number = DocumentRules.Normalize(Cell(cells, "numero_documento"));
            var typeText = Cell(cells, "tipo_documento");
            DocumentType? type = typeText.Length == 0 ? null : DocumentRules.ParseType(typeText);
            (int Id, DocumentType Type, string Number, string Name) person = default;
            if (typeText.Length > 0 && type is null) Problem("tipo_documento", $"El tipo de documento «{typeText}» no se reconoce: use CC, TI, CE, PPT, PEP, PA o RC.");
            else if (number.Length == 0) Problem("numero_documento", "Escriba el número de documento de la persona.");
            else
            {
                var matches = byNumber[number].Where(p => type is null || p.Type == type).ToList();
                if (matches.Count == 0)
                    Problem("numero_documento", $"No hay ninguna persona registrada con el documento {(type is { } t ? t + " " : "")}{number}: impórtela primero en «Importar personas» (o corrija el número).");
                else if (matches.Count > 1)
                    Problem("tipo_documento", $"Hay varias personas con el número {number} y distinto tipo de documento: escriba el tipo (CC, TI…) en la columna «tipo_documento».");
                else person = matches[0];
            }

            // What: a catalogue course (by id or title) or an activity by name.
            var courseText = Cell(cells, "curso");
            var activityText = Cell(cells, "actividad");
            string? courseId = null, title = null;
            var activity = false;
            int? courseHours = null;
            if (courseText.Length > 0 && activityText.Length > 0)
                Problem("actividad", "Escriba el curso o la actividad, no los dos.");
            else if (courseText.Length > 0)
            {
                var course = courseById.GetValueOrDefault(courseText) ?? courseByTitle.GetValueOrDefault(ImportFile.Simplify(courseText));
                if (course is null) Problem("curso", $"El curso «{courseText}» no está en el catálogo: escriba su identificador (por ejemplo seguridad-digital) o su título exacto, o use la columna «actividad» para una formación de fuera del catálogo.");
                else (courseId, title, courseHours) = (course.CourseId, course.Title, course.Hours);
            }
            else if (activityText.Length > 200) Problem("actividad", "El nombre de la actividad es demasiado largo: use como máximo 200 caracteres.");
            else if (activityText.Length > 0)
            {
                courseId = InPersonTraining.ActivityKey(null, activityText);
                title = activityNames.GetValueOrDefault(courseId, activityText);
                activity = true;
            }
            else Problem("curso", "Escriba el curso del catálogo o el nombre de la actividad.");

            var dateText = Cell(cells, "fecha");
            DateOnly? date = null;
            if (dateText.Length == 0) Problem("fecha", "Escriba la fecha en que terminó la formación (AAAA-MM-DD o DD/MM/AAAA).");
            else if (ImportRows.ParseDate(dateText) is not { } d) Problem("fecha", $"La fecha «{dateText}» no es válida: escríbala como AAAA-MM-DD (2024-02-01) o DD/MM/AAAA (01/02/2024).");
            else if (d > today) Problem("fecha", "La fecha no puede ser posterior a hoy: esta importación es de formación ya terminada.");
            else if (d.Year < 2000) Problem("fecha", $"La fecha «{dateText}» es anterior al año 2000: revise el año.");
            else date = d;

            var sourceText = ImportFile.Simplify(Cell(cells, "origen"));
            CompletionSource? source = sourceText switch
            {
                "online" or "en linea" or "en-linea" or "virtual" => CompletionSource.Online,
                "presencial" => CompletionSource.InPerson,
                "externa" or "externo" => CompletionSource.External,
                _ => null,
            };
            if (source is null)
                Problem("origen", sourceText.Length == 0 ? "Escriba el origen: online, presencial o externa." : $"El origen «{Cell(cells, "origen")}» no se reconoce: escriba online, presencial o externa.");

            var hoursText = Cell(cells, "horas");
            int? hours = null;
            if (hoursText.Length == 0)
            {
                if (courseHours is > 0) hours = courseHours;
                else if (courseId is not null) Problem("horas", "Escriba las horas de la formación (un número entero entre 1 y 500): la actividad no tiene horas conocidas.");
            }
            else if (!int.TryParse(hoursText, NumberStyles.None, CultureInfo.InvariantCulture, out var h) || h is < 1 or > 500)
                Problem("horas", $"Las horas «{hoursText}» no son válidas: escriba un número entero entre 1 y 500.");
            else hours = h;

            var certificate = Cell(cells, "certificado");
            if (certificate.Length > 100) Problem("certificado", "El número de certificado admite hasta 100 caracteres.");
            var note = Cell(cells, "nota");
            if (note.Length > 500) Problem("nota", "La nota admite hasta 500 caracteres: resúmala.");

            if (problems.Count > before || person.Id == 0 || courseId is null || date is null || source is null || hours is null) continue;
            var key = (person.Id, courseId, date.Value);
            if (seen.TryGetValue(key, out var firstRow))
            {
                Problem("fecha", $"Repite la fila {firstRow}: la misma persona, {(activity ? "actividad" : "curso")} y fecha. Deje una sola.");
                continue;
            }
            seen[key] = rowNumber;
            checkedRows.Add(new HistoryRow(rowNumber, person.Id, person.Name!, $"{person.Type} {person.Number}", courseId, title!, activity, date.Value,
                source.Value, hours.Value, certificate.Length == 0 ? null : certificate, note.Length == 0 ? null : note, false));
        }
        if (problems.Count > 0) return new(rows.Count, problems, checkedRows);

        // Already recorded: the same person, course or activity and day, from any source (this file imported before,
        // attendance, an online completion). Read per person, compared by Bogotá day.
        var recorded = new HashSet<(int, string, DateOnly)>();
        foreach (var chunk in checkedRows.Select(r => r.PersonId).Distinct().Chunk(1000))
            foreach (var c in await db.Completions.AsNoTracking().Where(c => chunk.Contains(c.PersonId)).Select(c => new { c.PersonId, c.CourseId, c.CompletedUtc }).ToListAsync(ct))
                recorded.Add((c.PersonId, c.CourseId, DateOnly.FromDateTime(Bogota.ToLocal(c.CompletedUtc))));
        return new(rows.Count, problems, [.. checkedRows.Select(r => recorded.Contains((r.PersonId, r.CourseId, r.Date)) ? r with { AlreadyRecorded = true } : r)]);
    }

    private static string Canonical(string name)
    {
        var key = ImportFile.Simplify(name).Replace(' ', '_').Replace('-', '_');
        return Aliases.TryGetValue(key, out var canonical) ? canonical : key;
    }
}
