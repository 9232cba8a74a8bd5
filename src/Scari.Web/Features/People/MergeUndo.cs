using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.People;

/// <summary>A merge as its page shows it: who, when, and whether it can still be undone (else why not, in Spanish).</summary>
public sealed record MergeView(int Id, int SurvivorId, string SurvivorName, int MergedId, string MergedName, string MergedDocument,
    DateTime MergedUtc, string? AuditSummary, DateTime? UndoneUtc, IReadOnlyList<string> Blockers)
{
    public bool CanUndo => UndoneUtc is null && Blockers.Count == 0;
}

/// <summary>
/// Undoes a merge from the before-state kept in its audit entry: the merged record comes back with its id, every row
/// returns to the record and the values it had, the rows the merge created go. Only while nothing newer depends on the
/// merge (<see cref="BlockersAsync"/>); sign-in codes voided by the merge stay voided (a new slip is one click away).
/// </summary>
public sealed class MergeUndo(ScariDbContext db, TimeProvider clock, AuditLog audit)
{
    public async Task<MergeView?> FindAsync(int mergeId, CancellationToken ct)
    {
        var m = await db.Set<PersonMerge>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == mergeId, ct);
        if (m is null) return null;
        var survivor = await db.People.AsNoTracking().Where(p => p.Id == m.SurvivorPersonId).Select(p => p.GivenNames + " " + p.FamilyNames).FirstOrDefaultAsync(ct);
        var summary = await db.AuditEntries.AsNoTracking().Where(e => e.Id == m.AuditEntryId).Select(e => e.Summary).FirstOrDefaultAsync(ct);
        return new MergeView(m.Id, m.SurvivorPersonId, survivor ?? "", m.MergedPersonId, m.MergedName, m.MergedDocument, m.MergedUtc, summary, m.UndoneUtc,
            m.UndoneUtc is null ? await BlockersAsync(m, ct) : []);
    }

    /// <summary>What newer than the merge depends on it, in Spanish; empty when it can be undone.</summary>
    public async Task<IReadOnlyList<string>> BlockersAsync(PersonMerge merge, CancellationToken ct)
    {
        var list = new List<string>();
        var s = merge.SurvivorPersonId;
        var entry = await db.AuditEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == merge.AuditEntryId, ct);
        var snapshot = MergeSnapshot.Read(entry?.Data);
        if (snapshot is null)
        {
            list.Add("Su entrada de auditoría ya no guarda el estado anterior (se retiró al anonimizar a la persona).");
            return list;
        }
        var person = await db.People.AsNoTracking().Where(p => p.Id == s).Select(p => new { p.AnonymizedUtc, p.DocumentType, p.DocumentNumber }).FirstOrDefaultAsync(ct);
        if (person is null) { list.Add("El registro conservado ya no existe."); return list; }
        if (person.AnonymizedUtc is not null) list.Add("La persona conservada fue anonimizada después de la fusión.");
        if (await db.Set<PersonMerge>().AnyAsync(x => x.Id > merge.Id && x.UndoneUtc == null && (x.SurvivorPersonId == s || x.MergedPersonId == s), ct))
            list.Add("Después se hizo otra fusión con esta persona: deshaga primero la más reciente.");
        var later = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Id > merge.AuditEntryId && e.TargetType == "Person" && e.TargetId == s.ToString() && e.Action != "person.merge-undone")
            .Select(e => e.Action).Distinct().ToListAsync(ct);
        if (later.Count > 0) list.Add($"Después de la fusión se registraron cambios de esta persona ({string.Join(", ", later)}).");

        var since = merge.MergedUtc;
        async Task NewRows<T>(IQueryable<T> rows, Func<T, int> id, string entity, string what) where T : class
        {
            var known = snapshot.Before.GetValueOrDefault(entity, []).Select(r => r["Id"].GetInt32()).ToHashSet();
            var created = snapshot.Created.GetValueOrDefault(entity, []).Where(k => k.ValueKind == JsonValueKind.Number).Select(k => (int)k.GetInt64()).ToHashSet();
            var n = (await rows.ToListAsync(ct)).Select(id).Count(i => !known.Contains(i) && !created.Contains(i));
            if (n > 0) list.Add($"Después de la fusión se registraron {n} {what} de esta persona.");
        }
        await NewRows(db.Enrollments.AsNoTracking().Where(e => e.PersonId == s), e => e.Id, "Enrollment", "inscripción(es)");
        await NewRows(db.Completions.AsNoTracking().Where(c => c.PersonId == s), c => c.Id, "Completion", "finalización(es)");
        await NewRows(db.Certificates.AsNoTracking().Where(c => c.PersonId == s), c => c.Id, "Certificate", "certificado(s)");
        await NewRows(db.Attendances.AsNoTracking().Where(a => a.PersonId == s), a => a.Id, "Attendance", "asistencia(s)");
        await NewRows(db.Consents.AsNoTracking().Where(c => c.PersonId == s), c => c.Id, "Consent", "autorización(es)");
        var spans = snapshot.CreatedLongIds("PersonAttributes").ToHashSet();
        if (await db.PersonAttributes.AnyAsync(a => a.PersonId == s && !spans.Contains(a.Id), ct))
            list.Add("Después de la fusión cambió el público, la dependencia, el vínculo o el colegio de esta persona.");
        var docs = snapshot.CreatedLongIds("PersonDocument").ToHashSet();
        var knownDocs = snapshot.Before.GetValueOrDefault("PersonDocument", []).Select(r => r["Id"].GetInt64()).ToHashSet();
        if ((await db.PersonDocuments.Where(d => d.PersonId == s).Select(d => d.Id).ToListAsync(ct)).Any(i => !docs.Contains(i) && !knownDocs.Contains(i)))
            list.Add("Después de la fusión cambió el documento de esta persona.");
        var enrollments = await db.Enrollments.Where(e => e.PersonId == s).Select(e => e.Id).ToListAsync(ct);
        if (await db.LessonProgress.AnyAsync(l => enrollments.Contains(l.EnrollmentId) && l.CompletedUtc > since, ct)
            || await db.QuizAttempts.AnyAsync(a => enrollments.Contains(a.EnrollmentId) && (a.StartedUtc > since || a.SubmittedUtc > since), ct))
            list.Add("Después de la fusión la persona avanzó en sus cursos (lecciones o evaluaciones).");
        if (await db.Certificates.AnyAsync(c => c.PersonId == s && c.RevokedUtc > since, ct))
            list.Add("Después de la fusión se revocó un certificado de esta persona.");
        return list;
    }

    public async Task<string?> UndoAsync(int mergeId, string? actorUserId, CancellationToken ct)
    {
        var merge = await db.Set<PersonMerge>().FirstOrDefaultAsync(x => x.Id == mergeId, ct);
        if (merge is null) return "No existe esa fusión.";
        if (merge.UndoneUtc is not null) return "Esta fusión ya se deshizo.";
        var blockers = await BlockersAsync(merge, ct);
        if (blockers.Count > 0) return "No se puede deshacer: " + string.Join(" ", blockers);
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == merge.AuditEntryId, ct);
        var snapshot = MergeSnapshot.Read(entry.Data)!;
        var (sId, mId) = (snapshot.SurvivorId, snapshot.MergedId);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // 1. The rows the merge created go (and the survivor's merged history, replaced below by both originals).
            var created = snapshot.CreatedLongIds("PersonDocument").ToList();
            await db.PersonDocuments.Where(d => created.Contains(d.Id)).ExecuteDeleteAsync(ct);
            await db.PersonAttributes.Where(a => a.PersonId == sId).ExecuteDeleteAsync(ct);
            foreach (var receipt in snapshot.Created.GetValueOrDefault("SurveyReceipt", []).Where(k => k.ValueKind == JsonValueKind.Object))
            {
                var course = receipt.GetProperty(nameof(Surveys.SurveyReceipt.CourseId)).GetString();
                var kind = receipt.GetProperty(nameof(Surveys.SurveyReceipt.Kind)).Deserialize<Surveys.SurveyKind>();
                await db.Set<Surveys.SurveyReceipt>().Where(r => r.PersonId == sId && r.CourseId == course && r.Kind == kind).ExecuteDeleteAsync(ct);
            }
            if (snapshot.Created.ContainsKey("CredentialHolder"))
                await db.CredentialHolders.Where(h => h.PersonId == sId).ExecuteDeleteAsync(ct);

            // 2. The merged record's rows back first (they leave the survivor), then the survivor's own values.
            var person = (Person)Restore(db.Model.FindEntityType(typeof(Person))!, snapshot.Before["Person"].Single(r => Int(r, "Id") == mId), insert: true);
            foreach (var pass in new[] { mId, sId })
            {
                foreach (var (name, rows) in snapshot.Before)
                {
                    var type = db.Model.GetEntityTypes().Single(t => t.ClrType.Name == name && !t.IsOwned());
                    foreach (var row in rows.Where(r => Owner(name, r, sId) == pass))
                    {
                        if (name == "Person" && Int(row, "Id") == mId) continue;
                        var restored = Restore(type, row, insert: false);
                        if (restored is PersonAttributes a && a.PersonId == mId) a.Person = person;
                    }
                }
                await db.SaveChangesAsync(ct);
            }
            merge.UndoneUtc = clock.GetUtcNow().UtcDateTime;
            merge.UndoneByUserId = actorUserId;
            audit.Record("person.merge-undone", "Person", sId,
                $"Fusión {merge.Id} deshecha: {merge.MergedName} ({merge.MergedDocument}, id {mId}) vuelve a ser un registro aparte.");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return "No se pudo deshacer la fusión: otro cambio guardado al mismo tiempo choca con ella. No se cambió nada; vuelva a intentarlo.";
        }
    }

    /// <summary>Which pass restores a row: the merged record's rows first.</summary>
    private static int Owner(string entity, Dictionary<string, JsonElement> row, int survivorId)
    {
        var column = entity switch
        {
            "Person" => "Id",
            "PersonMerge" => "SurvivorPersonId",
            _ => "PersonId",
        };
        // Rows of both (a dismissed pair) and accounts without a person come back with the survivor's, once both records exist.
        return row.TryGetValue(column, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : survivorId;
    }

    private static int Int(Dictionary<string, JsonElement> row, string column) =>
        row.TryGetValue(column, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

    /// <summary>Writes the kept values back onto the row (found by key) or inserts it again when the merge deleted it.</summary>
    private object Restore(IEntityType type, Dictionary<string, JsonElement> row, bool insert)
    {
        var key = type.FindPrimaryKey()!.Properties.Select(p => row[p.Name].Deserialize(p.ClrType)).ToArray();
        var entity = insert ? null : db.Find(type.ClrType, key);
        var added = entity is null;
        entity ??= Activator.CreateInstance(type.ClrType)!;
        var entry = db.Entry(entity);
        foreach (var (column, value) in row)
        {
            var property = type.FindProperty(column);
            if (property is null) continue;
            if (!added && property.IsPrimaryKey()) continue;
            entry.Property(column).CurrentValue = value.Deserialize(property.ClrType);
        }
        if (added) db.Add(entity);
        return entity;
    }
}
