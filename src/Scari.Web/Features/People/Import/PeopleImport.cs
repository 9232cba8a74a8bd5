using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Privacy;

namespace Scari.Web.Features.People.Import;

// Over 300 lines: upload, preview, confirm and the last step of the plan (each checked row matched with what the
// database knows) share the Work they build; reading the file (ImportFile) and checking rows (ImportRows) are apart.

/// <summary>What an import would do (preview) or did: every problem, and the counts.</summary>
public sealed record ImportPlan(string EncodingName, char Delimiter, int Rows, IReadOnlyList<ImportProblem> Problems,
    int Created, int Updated, int Unchanged, int Enrolled)
{
    public bool CanImport => Problems.Count == 0 && MissingUnits.Count == 0 && Rows > 0;
    /// <summary>Dependencias and colegios the file names and the catalogue does not know, each once with its rows.</summary>
    public IReadOnlyList<MissingUnit> MissingUnits { get; init; } = [];
    /// <summary>Names an administrator mapped in an earlier import, applied to this file.</summary>
    public IReadOnlyList<AppliedAlias> AppliedAliases { get; init; } = [];
    /// <summary>Rows whose number is a known person's with another type and the same name: confirmed one by one in the preview.</summary>
    public IReadOnlyList<ImportRenewal> Renewals { get; init; } = [];
}

/// <summary>A row read as a document renewal (TI → CC with the same number): the person keeps their record and history.</summary>
public sealed record ImportRenewal(int Row, int PersonId, string Name, DocumentType OldType, string OldNumber, DocumentType NewType, string NewNumber);

/// <param name="Message">Why nothing was imported when the file itself had no problem (renewals not confirmed).</param>
public sealed record ImportOutcome(bool Imported, ImportPlan Plan, string? Message = null);

/// <summary>
/// Bulk import of people from CSV: every row is checked with the same rules as the forms (<see cref="DocumentRules"/>,
/// <see cref="PersonRules"/>), people are upserted by document type and number, optionally enrolled in a course or
/// a cohort, all in one transaction. Lookups are loaded once; new people, their first attribute span, consents and
/// enrollments are written with one multi-row INSERT per batch (<see cref="SetInsert"/>); known people are read
/// untracked and only those that changed are saved, so a file of unchanged rows writes nothing but its own record.
/// No passwords are created: imported people get sign-in codes later.
/// </summary>
public sealed class PeopleImport(ScariDbContext db, TimeProvider clock, AuditLog audit, DocumentChanges documents)
{
    public const int MaxRows = 20_000;
    public const int MaxBytes = 8 * 1024 * 1024;
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromDays(2);

    /// <summary>Stores the uploaded file as a pending batch, to preview and then confirm.</summary>
    public async Task<int> UploadAsync(string fileName, byte[] content, string userId, string userName, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - PendingLifetime;
        await db.Set<ImportBatch>().Where(b => b.Status == ImportStatus.Pending && b.UploadedUtc < stale).ExecuteDeleteAsync(ct);
        var batch = new ImportBatch
        {
            Status = ImportStatus.Pending, UserId = userId, UserName = userName,
            FileName = Path.GetFileName(fileName) is { Length: > 0 and <= 260 } n ? n : "importacion.csv",
            FileSha256 = Convert.ToHexStringLower(SHA256.HashData(content)), UploadedUtc = now, Content = content,
        };
        db.Add(batch);
        await db.SaveChangesAsync(ct);
        return batch.Id;
    }

    /// <summary>A pending batch the user may see: their own, or any for an administrator.</summary>
    public Task<ImportBatch?> FindPendingAsync(int id, string userId, bool administrator, CancellationToken ct) =>
        db.Set<ImportBatch>().FirstOrDefaultAsync(b => b.Id == id && b.Status == ImportStatus.Pending && (administrator || b.UserId == userId), ct);

    public async Task<ImportPlan> PreviewAsync(ImportBatch batch, PeopleScope scope, CancellationToken ct) =>
        (await PlanAsync(batch.Content ?? [], scope, null, ct)).Plan;

    public const string RenewalsNotConfirmedMessage =
        "El archivo trae documentos renovados: revise la lista «Renovaciones de documento» y marque la casilla para confirmarlas antes de importar.";

    /// <summary>
    /// Checks again (the data may have changed since the preview) and imports everything, or nothing. Rows read as
    /// renewals are imported only with <paramref name="renewalsConfirmed"/>: the person asked saw them listed.
    /// </summary>
    public async Task<ImportOutcome> ConfirmAsync(ImportBatch batch, PeopleScope scope, string? actorUserId, CancellationToken ct, bool renewalsConfirmed = false)
    {
        var (plan, work) = await PlanAsync(batch.Content ?? [], scope, actorUserId, ct);
        if (!plan.CanImport || work is null) return new(false, plan);
        if (plan.Renewals.Count > 0 && !renewalsConfirmed)
        {
            db.ChangeTracker.Clear();
            return new(false, plan, RenewalsNotConfirmedMessage);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await InsertNewAsync(work, now, ct);
            foreach (var (person, type, number, on) in work.Renewals)
                await documents.RecordAsync(person, type, number, DocumentChangeKind.Renewal, on, actorUserId, ct);
            foreach (var (person, fields) in work.Changes)
                audit.Record("person.updated", "Person", person.Id, $"Actualizada por la importación {batch.Id}: {string.Join(", ", fields)}.");
            batch.Status = ImportStatus.Imported;
            batch.ImportedUtc = now;
            batch.Content = null; // the file holds personal data: keep only its hash
            (batch.Rows, batch.Created, batch.Updated, batch.Unchanged, batch.Enrolled) = (plan.Rows, plan.Created, plan.Updated, plan.Unchanged, plan.Enrolled);
            audit.Record("import.people", "ImportBatch", batch.Id,
                $"{batch.FileName} (SHA-256 {batch.FileSha256[..12]}…): {plan.Rows} filas, {plan.Created} nuevas, {plan.Updated} actualizadas, {plan.Unchanged} sin cambios, {plan.Enrolled} inscripciones"
                + (plan.Renewals.Count > 0 ? $", {plan.Renewals.Count} renovaciones de documento confirmadas." : "."));
            await db.SaveChangesAsync(ct); // only the people that changed are tracked
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<Person>(ex, nameof(Person.DocumentType), nameof(Person.DocumentNumber)) || db.IsOn(ex, EnrollmentConfiguration.OneActiveIndex))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new(false, plan with
            {
                Problems = [new(0, null, "Mientras se importaba, alguien registró a una de estas personas o la inscribió en el curso. No se importó nada: vuelva a subir el archivo para revisar.")],
            });
        }
        return new(true, plan);
    }

    /// <summary>Writes a planned <see cref="Work"/> inside the caller's transaction; returns the new people's ids by document.</summary>
    internal async Task<Dictionary<(DocumentType, string), int>> InsertPlannedAsync(Work work, CancellationToken ct)
    {
        await InsertNewAsync(work, clock.GetUtcNow().UtcDateTime, ct);
        return work.NewPeople.ToDictionary(p => (p.DocumentType, p.DocumentNumber), p => p.Id);
    }

    /// <summary>
    /// New people, their first attribute span, guardian consents and enrollments: one multi-row INSERT per batch each
    /// (<see cref="SetInsert"/>), and one query for the new people's ids. Enrollments and consents of people already
    /// known carry their ids from the plan.
    /// </summary>
    private async Task InsertNewAsync(Work work, DateTime now, CancellationToken ct)
    {
        if (work.NewPeople.Count > 0)
        {
            await SetInsert.InsertAsync(db, work.NewPeople, ct);
            var numbers = work.NewPeople.Select(p => p.DocumentNumber).Distinct().ToList();
            var ids = new Dictionary<(DocumentType, string), int>();
            foreach (var chunk in numbers.Chunk(5000))
                foreach (var p in await db.People.AsNoTracking().Where(p => chunk.Contains(p.DocumentNumber))
                    .Select(p => new { p.Id, p.DocumentType, p.DocumentNumber }).ToListAsync(ct))
                    ids[(p.DocumentType, p.DocumentNumber)] = p.Id;
            foreach (var person in work.NewPeople) person.Id = ids[(person.DocumentType, person.DocumentNumber)];
            await SetInsert.InsertAsync(db, work.NewPeople.Select(p => PersonHistory.FirstSpan(p, now)).ToList(), ct);
        }
        foreach (var consent in work.Consents) consent.PersonId = consent.Person.Id;
        foreach (var enrollment in work.Enrollments) enrollment.PersonId = enrollment.Person.Id;
        await SetInsert.InsertAsync(db, work.Consents, ct);
        await SetInsert.InsertAsync(db, work.Enrollments, ct);
    }

    /// <summary>What a checked file writes; the attendance import plans its new people with it too.</summary>
    internal sealed class Work
    {
        public List<Person> NewPeople { get; } = [];
        public List<Consent> Consents { get; } = [];
        public List<Enrollment.Enrollment> Enrollments { get; } = [];
        public List<(Person Person, List<string> Fields)> Changes { get; } = [];
        public List<(Person Person, DocumentType Type, string Number, DateOnly On)> Renewals { get; } = [];
    }

    /// <summary>
    /// The plan, in three steps: the file read (<see cref="ImportFile"/>), every row checked against the catalogue
    /// (<see cref="ImportRows"/>), and each checked row matched with what the database knows and turned into work.
    /// </summary>
    private async Task<(ImportPlan Plan, Work? Work)> PlanAsync(byte[] content, PeopleScope scope, string? actorUserId, CancellationToken ct)
    {
        var (table, problems) = ImportFile.Read(content);
        if (table is null) return (new("", ',', 0, problems, 0, 0, 0, 0), null);
        return await PlanTableAsync(table, problems, scope, actorUserId, ct);
    }

    /// <summary>
    /// The plan of rows already split into the people import's columns: the attendance import passes the rows of the
    /// people it does not know, with their own row numbers, so that every check (and its message) is this import's.
    /// </summary>
    internal async Task<(ImportPlan Plan, Work? Work)> PlanTableAsync(CsvTable table, List<ImportProblem> problems, PeopleScope scope, string? actorUserId, CancellationToken ct)
    {
        if (!scope.Everyone && !scope.IsCoordinator)
            problems.Add(new(0, null, "Su cuenta no puede importar personas."));
        if (table.Rows.Count > MaxRows)
            problems.Add(new(0, null, $"El archivo tiene {table.Rows.Count:N0} filas; el máximo por importación es {MaxRows:N0}. Divídalo en varios archivos."));
        if (problems.Count > 0) return (new(table.EncodingName, table.Delimiter, table.Rows.Count, problems, 0, 0, 0, 0), null);

        // One reading of the clock for the whole plan: rows are checked and decided on the same day.
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(Bogota.ToLocal(now));
        var (rows, missing, applied) = await ImportRows.ReadAsync(db, table, scope, today, problems, ct);
        var known = await KnownAsync(rows, ct);
        var (work, counts, renewals) = Decide(rows, known, scope, problems, actorUserId, today, now, ready: missing.Count == 0);
        var refused = problems.Count > 0 || missing.Count > 0;
        if (refused) db.ChangeTracker.Clear(); // nothing of a refused file stays tracked
        var plan = new ImportPlan(table.EncodingName, table.Delimiter, table.Rows.Count,
            [.. problems.OrderBy(p => p.Row)], counts.Created, counts.Updated, counts.Unchanged, counts.Enrolled)
            { Renewals = renewals, MissingUnits = missing, AppliedAliases = applied };
        return (plan, refused ? null : work);
    }

    /// <summary>What the database knows of the file's people: by document (renewed documents too), consents, enrollments.</summary>
    private sealed record Known(Dictionary<(DocumentType, string), Person> ByDocument, ILookup<string, Person> ByNumber,
        HashSet<int> WithGuardianConsent, HashSet<(int PersonId, string CourseId)> Enrolled);

    private sealed record Counts(int Created, int Updated, int Unchanged, int Enrolled);

    private async Task<Known> KnownAsync(List<ImportRow> parsed, CancellationToken ct)
    {
        // Existing people, by document, in one query.
        var numbers = parsed.Where(r => r.DocumentNumber.Length > 0).Select(r => r.DocumentNumber).Distinct().ToList();
        var sameNumber = await db.People.AsNoTracking().Where(p => numbers.Contains(p.DocumentNumber)).ToListAsync(ct);
        var existing = sameNumber.ToDictionary(p => (p.DocumentType, p.DocumentNumber));
        var byNumber = sameNumber.ToLookup(p => p.DocumentNumber);
        // A document the person renewed still names them (a TI on an older sheet of a student who now has a CC).
        var renewed = await DocumentLookup.RenewedAsync(db, numbers, ct);
        var renewedIds = renewed.Values.Distinct().Where(id => !sameNumber.Any(p => p.Id == id)).ToList();
        var holders = (await db.People.AsNoTracking().Where(p => renewedIds.Contains(p.Id)).ToListAsync(ct)).Concat(sameNumber).DistinctBy(p => p.Id).ToDictionary(p => p.Id);
        foreach (var (doc, holderId) in renewed) existing.TryAdd(doc, holders[holderId]);
        var existingIds = holders.Keys.ToList();
        var withGuardianConsent = (await db.Consents.AsNoTracking()
            .Where(c => existingIds.Contains(c.PersonId) && c.Kind == ConsentKind.GuardianConsent).Select(c => c.PersonId).Distinct().ToListAsync(ct)).ToHashSet();
        var enrolled = (await db.Enrollments.AsNoTracking().Where(e => existingIds.Contains(e.PersonId))
            .Select(e => new { e.PersonId, e.CourseId }).ToListAsync(ct))
            .Select(e => (e.PersonId, e.CourseId.ToLowerInvariant())).ToHashSet();
        return new Known(existing, byNumber, withGuardianConsent, enrolled);
    }

    /// <summary>
    /// Each checked row against what is known: a new person, a change, nothing, or a document renewal to confirm;
    /// guardian consents and enrollments that are missing. Builds nothing once a problem exists, but checks every row.
    /// </summary>
    private (Work Work, Counts Counts, List<ImportRenewal> Renewals) Decide(List<ImportRow> parsed, Known known, PeopleScope scope,
        List<ImportProblem> problems, string? actorUserId, DateOnly today, DateTime now, bool ready)
    {
        var (existing, byNumber, withGuardianConsent, enrolled) = (known.ByDocument, known.ByNumber, known.WithGuardianConsent, known.Enrolled);
        var renewals = new List<ImportRenewal>();
        var work = new Work();
        int created = 0, updated = 0, unchanged = 0, enrollments = 0;
        foreach (var row in parsed)
        {
            if (row.DocumentNumber.Length == 0) continue;
            existing.TryGetValue((row.DocumentType, row.DocumentNumber), out var person);
            var renewal = false;
            if (person is null && byNumber[row.DocumentNumber].ToList() is { Count: > 0 } others)
            {
                // The same number with another type is not a new person: a renewal to confirm when the names agree, else a conflict.
                var other = others[0];
                if (others.Count > 1 || PersonNames.Key(other.GivenNames, other.FamilyNames) != PersonNames.Key(row.GivenNames, row.FamilyNames))
                {
                    problems.Add(new(row.Number, "numero_documento", others.Count > 1
                        ? $"El número {row.DocumentNumber} ya está registrado con varios tipos de documento ({string.Join(", ", others.Select(o => o.DocumentType))}): revise la fila o las fichas de esas personas."
                        : $"El número {row.DocumentNumber} ya está registrado como {other.DocumentType} de {other.FullName}, y esta fila dice {row.GivenNames} {row.FamilyNames}: si es la misma persona, corrija los nombres; si no, corrija el número o el tipo."));
                    continue;
                }
                if (!scope.Everyone && !scope.Covers(other.Id, other.ColegioId, other.DependenciaId))
                {
                    problems.Add(new(row.Number, "numero_documento", "Ya existe una persona con este número fuera de su colegio o dependencia: pida al administrador que registre la renovación de su documento."));
                    continue;
                }
                person = other;
                renewal = true;
                renewals.Add(new(row.Number, other.Id, other.FullName, other.DocumentType, other.DocumentNumber, row.DocumentType, row.DocumentNumber));
            }
            if (person is not null)
            {
                if (person.Audience != row.Audience && !renewal)
                {
                    problems.Add(new(row.Number, "publico", $"Esta persona ya está registrada como {(person.Audience == Audience.Staff ? "servidor público" : "estudiante")}: corrija la columna «publico» o su ficha."));
                    continue;
                }
                if (!scope.Everyone && !scope.Covers(person.Id, person.ColegioId, person.DependenciaId))
                {
                    problems.Add(new(row.Number, "numero_documento", "Ya existe una persona con este documento fuera de su colegio o dependencia: pida al administrador que la actualice."));
                    continue;
                }
                if (row.Guardian is null && GuardianConsentRule.Required(row.Audience, row.BirthDate, today) && !withGuardianConsent.Contains(person.Id))
                {
                    problems.Add(new(row.Number, "acudiente_nombre", "Es menor de 18 años y no tiene autorización del acudiente registrada: complete las columnas del acudiente."));
                    continue;
                }
            }
            else if (row.Guardian is null && GuardianConsentRule.Required(row.Audience, row.BirthDate, today) && !row.GuardianReported)
            {
                problems.Add(new(row.Number, "acudiente_nombre", "Es menor de 18 años: complete las columnas del acudiente que autoriza (acudiente_nombre, acudiente_parentesco, acudiente_documento, autorizacion_forma, autorizacion_fecha)."));
                continue;
            }
            if (problems.Count > 0 || !ready) continue; // keep checking every row, but build nothing once a problem exists

            if (person is null)
            {
                person = new Person
                {
                    DocumentType = row.DocumentType, DocumentNumber = row.DocumentNumber, Audience = row.Audience, CreatedUtc = now,
                };
                Apply(person, row);
                // Dated rows load history from before SCARI; undated, a new person's values hold from the beginning of time.
                if (row.ValidFrom is { } from) person.AttributesChangedUtc = Bogota.StartOfDayUtc(from);
                work.NewPeople.Add(person);
                created++;
            }
            else
            {
                // People are read untracked: only one with something to write is attached, so an unchanged row costs
                // no tracking and the save writes nothing for it.
                if (renewal || Apply(person, row, assign: false).Count > 0)
                {
                    if (db.Entry(person).State == EntityState.Detached) db.Attach(person);
                    if (renewal)
                    {
                        // A renewal may come with a new audience (a student who turned 18 and joined the administration).
                        if (person.Audience != row.Audience) ChangeAudience(person, row.Audience);
                        work.Renewals.Add((person, row.DocumentType, row.DocumentNumber, row.ValidFrom ?? today));
                    }
                    var fields = Apply(person, row);
                    if (renewal) fields.Insert(0, $"documento renovado {person.DocumentType} {person.DocumentNumber} → {row.DocumentType} {row.DocumentNumber}");
                    // A change of unit or vínculo holds from the row's date, or from now: earlier completions keep the old values.
                    person.AttributesChangedUtc = row.ValidFrom is { } from ? Bogota.StartOfDayUtc(from) : now;
                    if (fields.Count == 0) unchanged++;
                    else { updated++; work.Changes.Add((person, fields)); }
                }
                else unchanged++;
            }
            if (row.Guardian is { } g && (person.Id == 0 || !withGuardianConsent.Contains(person.Id)))
                work.Consents.Add(GuardianConsentRule.ToConsent(person, g, today, now, actorUserId));
            if (row.Course is { } course && (person.Id == 0 || !enrolled.Contains((person.Id, course.CourseId.ToLowerInvariant()))))
            {
                work.Enrollments.Add(new Enrollment.Enrollment
                {
                    Person = person, CourseId = course.CourseId, CourseVersionId = course.VersionId, CohortId = row.CohortId,
                    Source = EnrollmentSource.Import, EnrolledByUserId = actorUserId, EnrolledUtc = now,
                });
                enrollments++;
            }
        }
        return (work, new Counts(created, updated, unchanged, enrollments), renewals);
    }

    private static void ChangeAudience(Person p, Audience audience)
    {
        p.Audience = audience;
        if (audience == Audience.Staff) (p.ColegioId, p.Colegio, p.Grade) = (null, null, null);
        else (p.DependenciaId, p.Dependencia, p.Vinculo, p.Cargo, p.Email) = (null, null, null, null, null);
    }

    /// <summary>Copies the row onto the person (only compares without <paramref name="assign"/>); returns the names of the fields that differ.</summary>
    private static List<string> Apply(Person p, ImportRow r, bool assign = true)
    {
        var changed = new List<string>();
        void Set<T>(string name, T current, T value, Action<T> set)
        {
            if (EqualityComparer<T>.Default.Equals(current, value)) return;
            if (assign) set(value);
            changed.Add(name);
        }
        Set("nombres", p.GivenNames, r.GivenNames, v => p.GivenNames = v);
        Set("apellidos", p.FamilyNames, r.FamilyNames, v => p.FamilyNames = v);
        if (r.Audience == Audience.Staff)
        {
            if (r.Email is not null) Set("correo", p.Email, r.Email, v => p.Email = v); // an empty cell keeps the known e-mail
            Set("dependencia", p.DependenciaId, r.DependenciaId, v => p.DependenciaId = v);
            Set("vínculo", p.Vinculo, r.Vinculo, v => p.Vinculo = v);
            Set("cargo", p.Cargo, r.Cargo, v => p.Cargo = v);
        }
        else
        {
            Set("colegio", p.ColegioId, r.ColegioId, v => p.ColegioId = v);
            Set("grado", p.Grade, r.Grade, v => p.Grade = v);
            if (r.BirthDate is not null) Set("fecha de nacimiento", p.BirthDate, r.BirthDate, v => p.BirthDate = v);
        }
        return changed;
    }
}
