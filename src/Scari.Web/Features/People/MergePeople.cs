using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;

namespace Scari.Web.Features.People;

// Over 300 lines on purpose: the preview, the refusals and the merge itself state the same rules (what moves, what
// conflicts and how each conflict is settled); kept side by side so the page can never promise what the merge does not do.

/// <summary>One line of "what moves": a kind of record and how many of the merged record's go to the surviving one.</summary>
public sealed record MergeMove(string Label, int Count);

/// <summary>A sign-in account of either record, for the administrator's choice of the one that survives.</summary>
public sealed record MergeAccount(string Id, string UserName, string Owner, IReadOnlyList<string> Roles);

public sealed record MergeCard(int Id, string FullName, string Document, Audience Audience, string? Unit, DateOnly? BirthDate, string? Email, DateTime CreatedUtc);

public sealed record MergePreview(MergeCard Survivor, MergeCard Merged, IReadOnlyList<MergeMove> Moves, IReadOnlyList<string> Conflicts,
    IReadOnlyList<MergeAccount> Accounts);

public sealed record MergeRequest(int SurvivorId, int MergedId, string? SurvivingAccountId, DocumentChangeKind MergedDocumentKind);

public sealed record MergeResult(string? Error, bool NotFound = false, int? MergeId = null)
{
    public bool Succeeded => Error is null && !NotFound && MergeId is not null;
}

/// <summary>
/// Merges two records of one person into one, in one transaction: every row of the merged record moves to the surviving
/// record (enrollments with their lesson progress and quiz attempts, cohort memberships, completions online and in
/// person, certificates, attendance, consents, attribute history, documents), the merged record's document stays as a
/// former document (a renewal or a correction, the administrator says which), and the merged row is deleted. Sign-in
/// accounts are never merged. The full before-state goes into the audit entry, from which <see cref="MergeUndo"/> undoes it.
/// </summary>
public sealed class MergePeople(ScariDbContext db, TimeProvider clock, AuditLog audit)
{
    /// <summary>
    /// Every column that names a person, and what a merge does with it: a test walks the EF model and fails when a new
    /// person-owned table is not in this list (and so would be forgotten by merges).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> HandledPersonReferences = new Dictionary<string, string>
    {
        ["Enrollment.PersonId"] = "se mueve; dos inscripciones activas al mismo curso: se conserva la finalizada (o la más antigua), la otra queda retirada con su avance",
        ["Completion.PersonId"] = "se mueve; dos finalizaciones del mismo curso: se conservan ambas, la posterior no se cuenta",
        ["Certificate.PersonId"] = "se mueve; sigue válido y la verificación dice que pertenece al registro conservado",
        ["Attendance.PersonId"] = "se mueve; la misma sesión en los dos: se conserva la asistencia que completó (o la del registro conservado)",
        ["Consent.PersonId"] = "se mueve",
        ["PersonDocument.PersonId"] = "se mueve, y el documento del registro fusionado se agrega como documento anterior",
        ["PersonAttributes.PersonId"] = "se unen las dos historias: cada finalización conserva el público y la unidad que tenía",
        ["CredentialHolder.PersonId"] = "se conserva el identificador del registro conservado (o el del fusionado si aquel no tenía)",
        ["ScariUser.PersonId"] = "no se fusionan: la cuenta elegida queda con la persona, la otra se deshabilita",
        ["CalendarFeed.PersonId"] = "se mueve si el registro conservado no tiene dirección de calendario; si la tiene, la del fusionado se borra",
        ["DuplicateDismissal.PersonAId"] = "se borran los pares descartados del registro fusionado",
        ["DuplicateDismissal.PersonBId"] = "se borran los pares descartados del registro fusionado",
        ["PersonMerge.SurvivorPersonId"] = "las fusiones anteriores hacia el registro fusionado pasan al conservado",
        ["PersonMerge.MergedPersonId"] = "historia: el registro que desapareció",
        ["SurveyReceipt.PersonId"] = "pasan al registro conservado las constancias de encuestas que este no tenía (así no se le pide dos veces la misma encuesta); las demás se borran",
    };

    public static string Refusal(PeopleScope scope, bool inScope) =>
        !inScope ? "No puede fusionar estos registros: al menos una de las dos personas no es de su colegio o dependencia."
        : "Solo un administrador puede fusionar registros. Puede marcar el par como posible duplicado y pedir la fusión a un administrador.";

    public const string SelfMessage = "No se puede fusionar una persona consigo misma: elija dos registros distintos.";
    public const string AnonymizedMessage = "No se puede fusionar un registro anonimizado: sus datos personales se eliminaron y ya no es posible comprobar que sea la misma persona.";

    /// <summary>Null when the two can be merged by this scope; else the Spanish refusal (or NotFound).</summary>
    public async Task<MergeResult?> RefuseAsync(PeopleScope scope, int survivorId, int mergedId, CancellationToken ct)
    {
        if (survivorId == mergedId) return new(SelfMessage);
        var found = await db.People.AsNoTracking().Where(p => p.Id == survivorId || p.Id == mergedId)
            .Select(p => new { p.Id, p.AnonymizedUtc, p.ColegioId, p.DependenciaId }).ToListAsync(ct);
        if (found.Count != 2) return new(null, NotFound: true);
        if (!scope.Everyone)
        {
            if (!scope.IsCoordinator) return new(null, NotFound: true);
            return new(Refusal(scope, found.All(p => scope.Covers(p.Id, p.ColegioId, p.DependenciaId))));
        }
        if (found.Any(p => p.AnonymizedUtc is not null)) return new(AnonymizedMessage);
        return null;
    }

    public async Task<MergePreview?> PreviewAsync(int survivorId, int mergedId, CancellationToken ct)
    {
        var cards = await db.People.AsNoTracking().Where(p => p.Id == survivorId || p.Id == mergedId)
            .Select(p => new MergeCard(p.Id, p.GivenNames + " " + p.FamilyNames, p.DocumentType + " " + p.DocumentNumber, p.Audience,
                p.Audience == Audience.Student ? p.Colegio!.Name : p.Dependencia!.Name, p.BirthDate, p.Email, p.CreatedUtc))
            .ToListAsync(ct);
        if (cards.Count != 2) return null;
        var s = cards.Single(c => c.Id == survivorId);
        var m = cards.Single(c => c.Id == mergedId);
        var mine = db.Enrollments.Where(e => e.PersonId == mergedId).Select(e => e.Id);
        var moves = new List<MergeMove>
        {
            new("Inscripciones", await db.Enrollments.CountAsync(e => e.PersonId == mergedId, ct)),
            new("Membresías de cohortes", await db.Enrollments.CountAsync(e => e.PersonId == mergedId && e.CohortId != null, ct)),
            new("Lecciones terminadas", await db.LessonProgress.CountAsync(l => mine.Contains(l.EnrollmentId), ct)),
            new("Intentos de evaluación", await db.QuizAttempts.CountAsync(a => mine.Contains(a.EnrollmentId), ct)),
            new("Finalizaciones en línea", await db.Completions.CountAsync(c => c.PersonId == mergedId && c.Source == CompletionSource.Online, ct)),
            new("Finalizaciones presenciales", await db.Completions.CountAsync(c => c.PersonId == mergedId && c.Source == CompletionSource.InPerson, ct)),
            new("Asistencias a sesiones presenciales", await db.Attendances.CountAsync(a => a.PersonId == mergedId, ct)),
            new("Certificados", await db.Certificates.CountAsync(c => c.PersonId == mergedId, ct)),
            new("Autorizaciones de datos", await db.Consents.CountAsync(c => c.PersonId == mergedId, ct)),
            new("Historia de público y unidad (tramos)", await db.PersonAttributes.CountAsync(a => a.PersonId == mergedId, ct)),
            new("Documentos (el actual y los anteriores)", 1 + await db.PersonDocuments.CountAsync(d => d.PersonId == mergedId, ct)),
        };

        var conflicts = new List<string>();
        var titles = await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent).ToDictionaryAsync(v => v.CourseId, v => v.Title, ct);
        string Title(string id) => titles.GetValueOrDefault(id, id);
        var active = await db.Enrollments.AsNoTracking().Where(e => (e.PersonId == survivorId || e.PersonId == mergedId) && e.WithdrawnUtc == null)
            .Select(e => new { e.PersonId, e.CourseId }).ToListAsync(ct);
        foreach (var course in active.GroupBy(e => e.CourseId).Where(g => g.Select(e => e.PersonId).Distinct().Count() == 2).Select(g => g.Key))
            conflicts.Add($"«{Title(course)}»: los dos registros tienen una inscripción activa. Se conserva la finalizada (si las dos lo están o ninguna, la más antigua); la otra queda retirada, con su avance y sus intentos.");
        var completions = await db.Completions.AsNoTracking().Where(c => c.PersonId == survivorId || c.PersonId == mergedId)
            .Select(c => new { c.PersonId, c.CourseId, c.CompletedUtc }).ToListAsync(ct);
        foreach (var course in completions.GroupBy(c => c.CourseId).Where(g => g.Select(c => c.PersonId).Distinct().Count() == 2))
        {
            var later = course.OrderBy(c => c.CompletedUtc).Last();
            conflicts.Add($"«{Title(course.Key)}»: los dos registros lo finalizaron. Se conservan ambas finalizaciones; la posterior ({Bogota.FormatDate(DateOnly.FromDateTime(Bogota.ToLocal(later.CompletedUtc)))}) queda marcada como no contada y su certificado sigue siendo válido.");
        }
        var sessions = await db.Attendances.AsNoTracking().Where(a => a.PersonId == survivorId || a.PersonId == mergedId)
            .Select(a => new { a.PersonId, a.SessionId, a.Session.Name, a.Session.Date }).ToListAsync(ct);
        foreach (var session in sessions.GroupBy(a => a.SessionId).Where(g => g.Count() == 2))
            conflicts.Add($"Sesión presencial «{session.First().Name}» del {Bogota.FormatDate(session.First().Date)}: los dos registros tienen asistencia. Se conserva la que completó la formación (o la del registro conservado); la otra se retira (queda en la auditoría para deshacer).");

        var accounts = await db.Users.AsNoTracking().Where(u => u.PersonId == survivorId || u.PersonId == mergedId)
            .OrderBy(u => u.PersonId == survivorId ? 0 : 1).ThenBy(u => u.UserName)
            .Select(u => new
            {
                u.Id, u.UserName, u.PersonId,
                Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
            }).ToListAsync(ct);
        return new MergePreview(s, m, moves, conflicts,
            accounts.Select(a => new MergeAccount(a.Id, a.UserName ?? "", a.PersonId == survivorId ? "registro conservado" : "registro fusionado", a.Roles)).ToList());
    }

    public async Task<MergeResult> MergeAsync(PeopleScope scope, MergeRequest request, string? actorUserId, CancellationToken ct)
    {
        if (await RefuseAsync(scope, request.SurvivorId, request.MergedId, ct) is { } refused) return refused;
        if (!Enum.IsDefined(request.MergedDocumentKind))
            return new("Diga si el documento del registro fusionado es una renovación (un documento real de la persona) o una corrección (un número mal escrito).");
        var (sId, mId) = (request.SurvivorId, request.MergedId);
        var accountIds = await db.Users.Where(u => u.PersonId == sId || u.PersonId == mId).Select(u => u.Id).ToListAsync(ct);
        string? keep = request.SurvivingAccountId;
        if (accountIds.Count == 1) keep = accountIds[0];
        else if (accountIds.Count > 1 && (keep is null || !accountIds.Contains(keep)))
            return new("Los dos registros tienen cuenta de ingreso: elija cuál se conserva. La otra se deshabilitará; las cuentas nunca se unen.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var id = await RunAsync(sId, mId, keep, request.MergedDocumentKind, actorUserId, now, ct);
            await tx.CommitAsync(ct);
            return new(null, MergeId: id);
        }
        catch (DbUpdateException ex)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var which = db.IsOn(ex, "IX_PersonDocuments_Renewed")
                ? "el documento del registro fusionado ya figura como documento renovado de otra persona"
                : "otro cambio guardado al mismo tiempo choca con esta fusión";
            return new($"No se pudo fusionar: {which}. No se cambió nada; revise los dos registros y vuelva a intentarlo.");
        }
    }

    private async Task<int> RunAsync(int sId, int mId, string? keepAccount, DocumentChangeKind kind, string? actor, DateTime now, CancellationToken ct)
    {
        var snapshot = new MergeSnapshot { SurvivorId = sId, MergedId = mId, MergedUtc = now };
        var survivor = await db.People.SingleAsync(p => p.Id == sId, ct);
        var merged = await db.People.SingleAsync(p => p.Id == mId, ct);
        var both = new[] { sId, mId };
        var enrollments = await db.Enrollments.Where(e => both.Contains(e.PersonId)).ToListAsync(ct);
        var completions = await db.Completions.Where(c => both.Contains(c.PersonId)).ToListAsync(ct);
        var certificates = await db.Certificates.Where(c => c.PersonId == mId).ToListAsync(ct);
        var attendances = await db.Attendances.Where(a => both.Contains(a.PersonId)).ToListAsync(ct);
        var consents = await db.Consents.Where(c => c.PersonId == mId).ToListAsync(ct);
        var documents = await db.PersonDocuments.Where(d => d.PersonId == mId).ToListAsync(ct);
        var spans = await db.PersonAttributes.Where(a => both.Contains(a.PersonId)).ToListAsync(ct);
        var holders = await db.CredentialHolders.Where(h => both.Contains(h.PersonId)).ToListAsync(ct);
        var accounts = await db.Users.Where(u => u.PersonId != null && both.Contains(u.PersonId.Value)).ToListAsync(ct);
        var dismissals = await db.DuplicateDismissals.Where(d => d.PersonAId == mId || d.PersonBId == mId).ToListAsync(ct);
        var earlierMerges = await db.Set<PersonMerge>().Where(x => x.SurvivorPersonId == mId).ToListAsync(ct);
        var feeds = await db.CalendarFeeds.Where(f => both.Contains(f.PersonId)).ToListAsync(ct);
        var receipts = await db.Set<Surveys.SurveyReceipt>().Where(r => both.Contains(r.PersonId)).ToListAsync(ct);
        foreach (var row in new object[] { survivor, merged }.Concat(enrollments).Concat(completions).Concat(certificates).Concat(attendances)
            .Concat(consents).Concat(documents).Concat(spans).Concat(holders).Concat(accounts).Concat(dismissals).Concat(earlierMerges).Concat(feeds)
            .Concat(receipts.Where(r => r.PersonId == mId)))
            snapshot.Keep(db, row);

        var record = new PersonMerge
        {
            SurvivorPersonId = sId, MergedPersonId = mId, MergedName = merged.FullName,
            MergedDocument = $"{merged.DocumentType} {merged.DocumentNumber}", MergedUtc = now, MergedByUserId = actor,
        };
        db.Add(record);
        await db.SaveChangesAsync(ct);

        // 1. Conflicts settled before anything moves, so no unique index sees two live rows at once.
        foreach (var course in enrollments.Where(e => e.WithdrawnUtc == null).GroupBy(e => e.CourseId).Where(g => g.Select(e => e.PersonId).Distinct().Count() == 2))
        {
            var active = course.OrderBy(e => e.CompletedUtc is null ? 1 : 0).ThenBy(e => e.EnrolledUtc).ThenBy(e => e.Id).First();
            foreach (var e in course.Where(e => e != active)) e.WithdrawnUtc = now;
        }
        foreach (var session in attendances.GroupBy(a => a.SessionId).Where(g => g.Count() == 2))
        {
            var attended = session.OrderBy(a => a.Completed ? 0 : 1).ThenBy(a => a.PersonId == sId ? 0 : 1).First();
            db.Attendances.RemoveRange(session.Where(a => a != attended));
        }
        foreach (var h in holders.Where(h => h.PersonId == mId)) db.CredentialHolders.Remove(h);
        db.DuplicateDismissals.RemoveRange(dismissals);
        // One private calendar address per person: the survivor's stays.
        if (feeds.Any(f => f.PersonId == sId)) db.CalendarFeeds.RemoveRange(feeds.Where(f => f.PersonId == mId));
        // A survey receipt's key holds the person: the survivor gets a copy of each one it lacks (kept as created, so the
        // undo removes exactly those), the merged record's go.
        foreach (var r in receipts.Where(r => r.PersonId == mId))
        {
            db.Remove(r);
            if (receipts.Any(x => x.PersonId == sId && x.CourseId == r.CourseId && x.Kind == r.Kind)) continue;
            var copy = new Surveys.SurveyReceipt { PersonId = sId, CourseId = r.CourseId, Kind = r.Kind };
            db.Add(copy);
            snapshot.KeepCreated(db, copy);
        }
        foreach (var s in spans) db.PersonAttributes.Remove(s);
        await db.SaveChangesAsync(ct);

        // 2. Everything of the merged record moves.
        foreach (var e in enrollments.Where(e => e.PersonId == mId)) e.PersonId = sId;
        foreach (var c in completions.Where(c => c.PersonId == mId)) c.PersonId = sId;
        foreach (var c in certificates) { c.PersonId = sId; c.MovedByMergeId = record.Id; }
        foreach (var a in attendances.Where(a => a.PersonId == mId && db.Entry(a).State != EntityState.Deleted)) a.PersonId = sId;
        foreach (var c in consents) c.PersonId = sId;
        foreach (var d in documents) d.PersonId = sId;
        foreach (var x in earlierMerges) x.SurvivorPersonId = sId;
        if (!feeds.Any(f => f.PersonId == sId)) foreach (var f in feeds) f.PersonId = sId;
        if (!holders.Any(h => h.PersonId == sId) && holders.FirstOrDefault(h => h.PersonId == mId) is { } moved)
        {
            var holder = new CredentialHolder { PersonId = sId, SubjectId = moved.SubjectId };
            db.CredentialHolders.Add(holder);
            snapshot.KeepCreated(db, holder);
        }
        // Both completions of one course stay; the later record's are marked as not counted again.
        foreach (var course in completions.GroupBy(c => c.CourseId))
        {
            var first = course.OrderBy(c => c.CompletedUtc).ThenBy(c => c.Id).First();
            var otherSide = snapshot.Owned("Completion", sId).Contains(first.Id) ? mId : sId;
            foreach (var c in course.Where(c => c != first && c.DuplicateOfCompletionId == null && snapshot.Owned("Completion", otherSide).Contains(c.Id)))
                c.DuplicateOfCompletionId = first.Id;
        }

        // 3. One attribute history, each completion keeping the audience and unit it had.
        static MergeTimeline.Span ToSpan(PersonAttributes a) => new(a.ValidFromUtc, a.ValidUntilUtc, a.Audience, a.DependenciaId, a.Vinculo, a.ColegioId);
        static MergeTimeline.Span Current(Person p) => new(null, null, p.Audience, p.DependenciaId, p.Vinculo, p.ColegioId);
        var sSpans = spans.Where(a => a.PersonId == sId).Select(ToSpan).ToList();
        var mSpans = spans.Where(a => a.PersonId == mId).Select(ToSpan).ToList();
        var timeline = MergeTimeline.Merge(sSpans.Count > 0 ? sSpans : [Current(survivor)], mSpans.Count > 0 ? mSpans : [Current(merged)],
            completions.Select(c => (c.CompletedUtc, snapshot.Owned("Completion", sId).Contains(c.Id))));
        var newSpans = timeline.Select(t => new PersonAttributes
        {
            PersonId = sId, ValidFromUtc = t.From, ValidUntilUtc = t.Until, Audience = t.Audience, DependenciaId = t.DependenciaId,
            Vinculo = t.Vinculo, ColegioId = t.ColegioId, RecordedUtc = now,
        }).ToList();
        db.PersonAttributes.AddRange(newSpans);
        await db.SaveChangesAsync(ct);
        foreach (var s in newSpans) snapshot.KeepCreated(db, s);

        // 4. Accounts are never merged: the chosen one stays with the person, any other is disabled.
        foreach (var account in accounts.Where(a => a.Id != keepAccount))
        {
            account.PersonId = null;
            account.LockoutEnabled = true;
            account.LockoutEnd = DateTimeOffset.MaxValue;
            account.SecurityStamp = Guid.NewGuid().ToString("N"); // ends its open sessions at their next validation
            account.UserName = $"fusionada-{account.Id[..8]}-{account.UserName}";
            if (account.UserName.Length > 256) account.UserName = account.UserName[..256];
            account.NormalizedUserName = account.UserName.ToUpperInvariant();
        }
        var disabled = accounts.Where(a => a.Id != keepAccount).Select(a => a.Id).ToList();
        await db.SaveChangesAsync(ct);
        await db.SignInCodes.Where(c => disabled.Contains(c.UserId) && c.UsedUtc == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedUtc, now), ct);
        await db.UserSessions.Where(s => disabled.Contains(s.UserId) && s.EndedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedUtc, now).SetProperty(x => x.EndReason, "fusión de registros"), ct);
        if (accounts.FirstOrDefault(a => a.Id == keepAccount) is { } kept)
        {
            kept.PersonId = sId;
            // A student's user name built from the merged document follows the surviving document, like a renewal.
            if (kept.UserName == DocumentRules.UserName(merged.DocumentType, merged.DocumentNumber))
            {
                kept.UserName = DocumentRules.UserName(survivor.DocumentType, survivor.DocumentNumber);
                kept.NormalizedUserName = kept.UserName.ToUpperInvariant();
            }
        }

        // 5. The merged record's document becomes a former document of the survivor, and the row goes.
        var former = new PersonDocument
        {
            Person = survivor, DocumentType = merged.DocumentType, DocumentNumber = merged.DocumentNumber, Kind = kind,
            ChangedOn = Bogota.Today(clock), NewDocumentType = survivor.DocumentType, NewDocumentNumber = survivor.DocumentNumber,
            RecordedUtc = now, RecordedByUserId = actor,
        };
        db.PersonDocuments.Add(former);
        db.People.Remove(merged);
        await db.SaveChangesAsync(ct);
        snapshot.KeepCreated(db, former);

        var entry = audit.Record("person.merged", "Person", sId,
            $"Fusión {record.Id}: {merged.FullName} ({merged.DocumentType} {merged.DocumentNumber}, id {mId}) se unió a {survivor.FullName} "
            + $"({survivor.DocumentType} {survivor.DocumentNumber}, id {sId}): {snapshot.Owned("Enrollment", mId).Count} inscripción(es), "
            + $"{snapshot.Owned("Completion", mId).Count} finalización(es), "
            + $"{certificates.Count} certificado(s); documento anterior como {DocumentChanges.KindLabel(kind).ToLowerInvariant()}; "
            + $"{disabled.Count} cuenta(s) deshabilitada(s).",
            snapshot.Serialize());
        await db.SaveChangesAsync(ct);
        record.AuditEntryId = entry.Id;
        await db.SaveChangesAsync(ct);
        return record.Id;
    }
}
