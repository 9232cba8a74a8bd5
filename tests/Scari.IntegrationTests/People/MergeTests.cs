using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Courses;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.Surveys;
using Scari.Web.Features.Privacy;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests.People;

/// <summary>
/// Merging two records of one person: every dependent record moves, conflicts follow the stated rules, accounts are
/// never merged, refusals are in Spanish, a failure leaves both records as they were, the merge is undone from its audit
/// entry, and the indicators count the person once (one fewer, never more). On PostgreSQL and on SQLite.
/// </summary>
public abstract class MergeTests(IAppFixture fixture)
{
    private static readonly PeopleScope Everyone = new(true, null, null, null);
    private const string Staff = "funcionarios-tic";
    private const string Students = "jovenes-4r";
    private ScariAppFactory App => fixture.App;

    private static DateTime Bog(int y, int m, int d) => Bogota.StartOfDayUtc(new DateOnly(y, m, d)).AddHours(10);

    private Task<MergeResult> MergeAsync(int survivor, int merged, string? account = null, DocumentChangeKind kind = DocumentChangeKind.Renewal, PeopleScope? scope = null) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<MergePeople>().MergeAsync(scope ?? Everyone, new MergeRequest(survivor, merged, account, kind), null, default));

    private Task<string?> UndoAsync(int mergeId) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<MergeUndo>().UndoAsync(mergeId, null, default));

    private Task<int> CountAsync(string indicator, DateOnly? cutoff = null) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<IndicatorCounter>().CountAsync(sp.GetRequiredService<IndicatorDefinitions>().Find(indicator)!,
            cutoff ?? new DateOnly(2026, 12, 1), IndicatorScope.All, default));

    private Task<IndicatorResult> ComputeAsync(string indicator) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<IndicatorCounter>().ComputeAsync(sp.GetRequiredService<IndicatorDefinitions>().Find(indicator)!,
            new DateOnly(2026, 12, 1), IndicatorScope.All, default));

    private Task<int> PersonAsync(string type, string number, string given, string family, Audience audience, DateOnly? birth = null) =>
        App.WithDbAsync(async db =>
        {
            var p = new Person
            {
                DocumentType = Enum.Parse<DocumentType>(type), DocumentNumber = number, GivenNames = given, FamilyNames = family, Audience = audience,
                ColegioId = audience == Audience.Student ? await db.Colegios.Select(c => c.Id).OrderBy(i => i).FirstAsync() : null,
                DependenciaId = audience == Audience.Staff ? await db.Dependencias.Select(c => c.Id).OrderBy(i => i).FirstAsync() : null,
                Vinculo = audience == Audience.Staff ? Vinculo.Planta : null,
                Grade = audience == Audience.Student ? "11" : null, BirthDate = birth, CreatedUtc = DateTime.UtcNow,
            };
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });

    private static async Task<CourseVersion> VersionAsync(ScariDbContext db, string courseId)
    {
        var v = await db.CourseVersions.FirstOrDefaultAsync(x => x.CourseId == courseId && x.IsCurrent);
        if (v is not null) return v;
        v = new CourseVersion { CourseId = courseId, Version = "1", ContentHash = new string('b', 64), Title = $"Curso {courseId}", Hours = 8, PassScore = 70, LoadedUtc = DateTime.UtcNow, IsCurrent = true };
        db.CourseVersions.Add(v);
        await db.SaveChangesAsync();
        return v;
    }

    /// <summary>An enrollment (optionally completed online, with one lesson done and one quiz attempt) and its completion.</summary>
    private Task<(int Enrollment, int? Completion)> EnrollAsync(int personId, string courseId, DateTime? completed, int? cohortId = null) =>
        App.WithDbAsync(async db =>
        {
            var v = await VersionAsync(db, courseId);
            var e = new Enrollment { PersonId = personId, CourseId = courseId, CourseVersionId = v.Id, CohortId = cohortId, Source = EnrollmentSource.Staff,
                EnrolledUtc = (completed ?? DateTime.UtcNow).AddDays(-10), CompletedUtc = completed };
            db.Enrollments.Add(e);
            await db.SaveChangesAsync();
            db.LessonProgress.Add(new LessonProgress { EnrollmentId = e.Id, LessonId = "leccion-1", CompletedUtc = e.EnrolledUtc.AddDays(1) });
            db.QuizAttempts.Add(new QuizAttempt { EnrollmentId = e.Id, QuizId = "evaluacion", StartedUtc = e.EnrolledUtc.AddDays(2), SubmittedUtc = e.EnrolledUtc.AddDays(2), Score = 90, Passed = true });
            Completion? c = null;
            if (completed is { } at)
            {
                c = new Completion { PersonId = personId, CourseId = courseId, CourseVersionId = v.Id, EnrollmentId = e.Id, Source = CompletionSource.Online, CompletedUtc = at, Hours = 8 };
                db.Completions.Add(c);
            }
            await db.SaveChangesAsync();
            return (e.Id, c?.Id);
        });

    private Task<string> CertificateAsync(int completionId) =>
        App.WithScopeAsync(async sp => (await sp.GetRequiredService<CertificateIssuer>().IssueAsync(completionId, default))!.Code);

    [Fact]
    public async Task Every_person_owned_table_is_handled_by_the_merge()
    {
        var references = await App.WithDbAsync(db =>
        {
            var person = db.Model.FindEntityType(typeof(Person))!;
            var found = db.Model.GetEntityTypes()
                .SelectMany(t => t.GetForeignKeys().Where(fk => fk.PrincipalEntityType == person).SelectMany(fk => fk.Properties)
                    .Concat(t.GetProperties().Where(p => p.Name.EndsWith("PersonId", StringComparison.Ordinal)))
                    .Select(p => $"{t.ClrType.Name}.{p.Name}"))
                .Distinct().Order().ToList();
            return Task.FromResult(found);
        });
        var missing = references.Except(MergePeople.HandledPersonReferences.Keys).ToList();
        Assert.True(missing.Count == 0, $"Columnas que nombran a una persona y que la fusión no trata: {string.Join(", ", missing)}. Agréguelas a MergePeople (y a HandledPersonReferences).");
        Assert.Empty(MergePeople.HandledPersonReferences.Keys.Except(references)); // no stale entries
        Assert.Contains("Certificate.PersonId", references);   // a person column without a foreign key is found too
    }

    [Fact]
    public async Task A_merge_moves_every_kind_of_record_settles_conflicts_by_the_rules_and_never_merges_accounts()
    {
        // The merged record: a TI student with a cohort course done online, a course in progress, an in-person session,
        // a consent, a former document, a credential identifier and a sign-in account.
        var m = await PersonAsync("TI", "1043930001", "Sara", "Fusión Uno", Audience.Student, new DateOnly(2007, 3, 3));
        var cohort = await App.CreateCohortAsync("Fusión cohorte 2025", "pensamiento-computacional");
        var (mDone, mCompletion) = await EnrollAsync(m, "pensamiento-computacional", Bog(2025, 3, 10), cohort);
        var (mOpen, _) = await EnrollAsync(m, "seguridad-digital", null);
        var mCode = await CertificateAsync(mCompletion!.Value);
        var session = await App.WithScopeAsync(async sp =>
        {
            var training = sp.GetRequiredService<InPersonTraining>();
            var (s, errors) = await training.CreateSessionAsync(new SessionInput { Name = "Taller de fusión", Date = new DateOnly(2025, 5, 5), Hours = 4, TutorName = "Tutora", IndicatorId = Students }, default);
            Assert.Empty(errors);
            Assert.Empty(await training.RecordAsync(s!.Id, [new AttendanceMark(m, true, true)], default));
            return s.Id;
        });
        // Issuing the certificate gave the record its credential identifier.
        var subject = await App.WithDbAsync(db => db.CredentialHolders.Where(h => h.PersonId == m).Select(h => h.SubjectId).SingleAsync());
        await App.WithDbAsync(async db =>
        {
            db.Consents.Add(new Consent { PersonId = m, Kind = ConsentKind.DataTreatment, TextVersion = "1", GivenUtc = Bog(2025, 1, 1) });
            db.PersonDocuments.Add(new PersonDocument { PersonId = m, DocumentType = DocumentType.RC, DocumentNumber = "1043930001", Kind = DocumentChangeKind.Renewal,
                ChangedOn = new DateOnly(2021, 1, 1), NewDocumentType = DocumentType.TI, NewDocumentNumber = "1043930001", RecordedUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        await App.IssueCodesAsync(m);
        var mAccount = await App.WithDbAsync(db => db.Users.Where(u => u.PersonId == m).Select(u => u.Id).SingleAsync());

        // The surviving record: the same person as a CC servant, with the staff course done, the youth course again, and a tutor account.
        var s = await PersonAsync("CC", "1043930001", "Sara", "Fusión Uno", Audience.Staff);
        var (sDone, sCompletion) = await EnrollAsync(s, "seguridad-digital", Bog(2026, 2, 1));
        var (sAgain, sAgainCompletion) = await EnrollAsync(s, "pensamiento-computacional", Bog(2026, 3, 1));
        var tutor = await App.CreateUserAsync("sara.fusion@scari.test", Roles.Tutor);
        await App.LinkAccountAsync(tutor.Id, personId: s);
        await App.IssueCodesAsync(s);
        var stamp = await App.WithDbAsync(db => db.Users.Where(u => u.Id == tutor.Id).Select(u => u.SecurityStamp).SingleAsync());

        var preview = await App.WithScopeAsync(sp => sp.GetRequiredService<MergePeople>().PreviewAsync(s, m, default));
        Assert.NotNull(preview);
        Assert.Equal(2, preview.Moves.Single(x => x.Label == "Inscripciones").Count);
        Assert.Equal(1, preview.Moves.Single(x => x.Label == "Membresías de cohortes").Count);
        Assert.Equal(1, preview.Moves.Single(x => x.Label == "Finalizaciones presenciales").Count);
        Assert.Contains(preview.Conflicts, c => c.Contains("inscripción activa"));
        Assert.Contains(preview.Conflicts, c => c.Contains("no contada"));
        Assert.Equal(2, preview.Accounts.Count);

        var refused = await MergeAsync(s, m);
        Assert.Contains("elija cuál se conserva", refused.Error);

        var result = await MergeAsync(s, m, mAccount);
        Assert.True(result.Succeeded, result.Error);

        await App.WithDbAsync(async db =>
        {
            Assert.False(await db.People.AnyAsync(p => p.Id == m));
            Assert.All(await db.Enrollments.Where(e => e.Id == mDone || e.Id == mOpen || e.Id == sDone || e.Id == sAgain).ToListAsync(), e => Assert.Equal(s, e.PersonId));
            Assert.NotNull((await db.Enrollments.SingleAsync(e => e.Id == mOpen)).WithdrawnUtc);   // the completed one of the same course stays active
            Assert.Null((await db.Enrollments.SingleAsync(e => e.Id == sDone)).WithdrawnUtc);
            Assert.Equal(cohort, (await db.Enrollments.SingleAsync(e => e.Id == mDone)).CohortId);
            Assert.Equal(1, await db.LessonProgress.CountAsync(l => l.EnrollmentId == mDone));
            Assert.Equal(1, await db.QuizAttempts.CountAsync(a => a.EnrollmentId == mDone));
            Assert.Equal(4, await db.Completions.CountAsync(c => c.PersonId == s));
            Assert.Equal(mCompletion, (await db.Completions.SingleAsync(c => c.Id == sAgainCompletion)).DuplicateOfCompletionId);
            Assert.Null((await db.Completions.SingleAsync(c => c.Id == mCompletion)).DuplicateOfCompletionId);
            Assert.Equal(s, (await db.Attendances.SingleAsync(a => a.SessionId == session)).PersonId);
            var certificate = await db.Certificates.SingleAsync(c => c.Code == mCode);
            Assert.Equal((s, result.MergeId), (certificate.PersonId, certificate.MovedByMergeId));
            Assert.Equal(s, (await db.Consents.SingleAsync(c => c.GivenUtc == Bog(2025, 1, 1) && c.PersonId == s)).PersonId);
            var documents = await db.PersonDocuments.Where(d => d.PersonId == s).OrderBy(d => d.Id).Select(d => new { d.DocumentType, d.Kind }).ToListAsync();
            Assert.Equal([(DocumentType.RC, DocumentChangeKind.Renewal), (DocumentType.TI, DocumentChangeKind.Renewal)], documents.Select(d => (d.DocumentType, d.Kind)));
            Assert.Equal(subject, (await db.CredentialHolders.SingleAsync(h => h.PersonId == s)).SubjectId);
            // The history: a student until the CC's first completion, staff from then on.
            var spans = await db.PersonAttributes.Where(a => a.PersonId == s).OrderBy(a => a.Id).ToListAsync();
            Assert.Equal([Audience.Student, Audience.Staff], spans.Select(a => a.Audience));
            Assert.Equal(Bog(2026, 2, 1), spans[1].ValidFromUtc);
            // Accounts: the chosen one follows the person (and the surviving document); the other is disabled with its roles.
            var kept = await db.Users.SingleAsync(u => u.Id == mAccount);
            Assert.Equal((s, "CC-1043930001"), (kept.PersonId, kept.UserName));
            var disabled = await db.Users.SingleAsync(u => u.Id == tutor.Id);
            Assert.Null(disabled.PersonId);
            Assert.Equal(DateTimeOffset.MaxValue, disabled.LockoutEnd);
            Assert.NotEqual(stamp, disabled.SecurityStamp);
            Assert.False(await db.SignInCodes.AnyAsync(c => c.UserId == tutor.Id && c.UsedUtc == null));
            var roles = await db.UserRoles.Where(r => r.UserId == tutor.Id || r.UserId == mAccount).Join(db.Roles, r => r.RoleId, r => r.Id, (r, role) => new { r.UserId, role.Name }).ToListAsync();
            Assert.Equal(["Tutor"], roles.Where(r => r.UserId == tutor.Id).Select(r => r.Name));
            Assert.DoesNotContain("Tutor", roles.Where(r => r.UserId == mAccount).Select(r => r.Name));
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "person.merged" && e.TargetId == s.ToString());
            Assert.Contains("Sara Fusión Uno (TI 1043930001", entry.Summary);
            Assert.NotNull(MergeSnapshot.Read(entry.Data));
            return 0;
        });
        Assert.Equal(s, await App.WithDbAsync(db => DocumentLookup.PersonIdAsync(db, DocumentType.TI, "1043930001", default)));
        // The certificate stays valid and says it now belongs to the surviving record.
        var verified = await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateVerifier>().FindAsync(mCode, default));
        Assert.Equal(VerificationState.Valid, verified!.State);
        Assert.NotNull(verified.MergedUtc);
        var page = await App.CreateClient().GetStringAsync($"/verificar/{mCode}");
        Assert.Contains("ahora pertenece al registro que se conservó", page);
        // Counted by the audience at each completion: the youth course as a student, the staff course as a servant.
        var youth = await App.WithScopeAsync(sp => sp.GetRequiredService<IndicatorCounter>().PeopleAsync(sp.GetRequiredService<IndicatorDefinitions>().Find(Students)!,
            new DateOnly(2026, 12, 1), IndicatorScope.All, PeopleFilter.None, 1, default, int.MaxValue));
        Assert.Single(youth.Rows, r => r.Id == s);
        var staff = await App.WithScopeAsync(sp => sp.GetRequiredService<IndicatorCounter>().PeopleAsync(sp.GetRequiredService<IndicatorDefinitions>().Find(Staff)!,
            new DateOnly(2026, 12, 1), IndicatorScope.All, PeopleFilter.None, 1, default, int.MaxValue));
        Assert.Single(staff.Rows, r => r.Id == s);
    }

    [Fact]
    public async Task Refusals_are_in_Spanish_and_a_failure_mid_merge_leaves_both_records_as_they_were()
    {
        var a = await PersonAsync("CC", "1043930201", "Refusal", "Uno", Audience.Staff);
        var b = await PersonAsync("CC", "1043930210", "Refusal", "Uno", Audience.Staff);
        Assert.Equal(MergePeople.SelfMessage, (await MergeAsync(a, a)).Error);

        var colegio = await App.WithDbAsync(db => db.Colegios.Select(c => c.Id).OrderBy(i => i).FirstAsync());
        var s1 = await PersonAsync("TI", "1043930220", "Coordinada", "Dos", Audience.Student);
        var s2 = await PersonAsync("CC", "1043930220", "Coordinada", "Dos", Audience.Student);
        Assert.Contains("no es de su colegio o dependencia", (await MergeAsync(a, b, scope: new PeopleScope(false, colegio, null, null))).Error);
        Assert.Contains("Solo un administrador", (await MergeAsync(s2, s1, scope: new PeopleScope(false, colegio, null, null))).Error);

        var gone = await PersonAsync("CC", "1043930230", "Anonima", "Tres", Audience.Staff);
        Assert.Equal(AnonymizeResult.Anonymized, await App.WithScopeAsync(sp => sp.GetRequiredService<PrivacyAnonymizer>().AnonymizeAsync(gone, "Solicitud del titular", default)));
        Assert.Equal(MergePeople.AnonymizedMessage, (await MergeAsync(a, gone)).Error);
        Assert.Equal(MergePeople.AnonymizedMessage, (await MergeAsync(gone, a)).Error);
        // Refused before anything is written: no merge, no audit entry, both records and the anonymized one as they were.
        int[] refused = [a, b, s1, s2, gone];
        string[] targets = [.. refused.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        Assert.False(await App.WithDbAsync(db => db.PersonMerges.AnyAsync(x => refused.Contains(x.SurvivorPersonId) || refused.Contains(x.MergedPersonId))));
        Assert.Equal(5, await App.WithDbAsync(db => db.People.CountAsync(p => refused.Contains(p.Id))));
        Assert.False(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "person.merged" && targets.Contains(e.TargetId))));

        // A third person already holds b's document as a renewed one: the merge fails at its last step and nothing stays half done.
        var (bEnrollment, bCompletion) = await EnrollAsync(b, "seguridad-digital", Bog(2025, 6, 6));
        var third = await PersonAsync("CC", "1043930299", "Tercera", "Persona", Audience.Staff);
        await App.WithDbAsync(db =>
        {
            db.PersonDocuments.Add(new PersonDocument { PersonId = third, DocumentType = DocumentType.CC, DocumentNumber = "1043930210", Kind = DocumentChangeKind.Renewal,
                ChangedOn = new DateOnly(2020, 1, 1), NewDocumentType = DocumentType.CC, NewDocumentNumber = "1043930299", RecordedUtc = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        var before = await StateAsync(a, b);
        var failed = await MergeAsync(a, b);
        Assert.False(failed.Succeeded);
        Assert.Contains("No se cambió nada", failed.Error);
        Assert.Equal(before, await StateAsync(a, b));
        Assert.Equal(b, await App.WithDbAsync(db => db.Completions.Where(c => c.Id == bCompletion).Select(c => c.PersonId).SingleAsync()));
        Assert.False(await App.WithDbAsync(db => db.PersonMerges.AnyAsync(x => x.MergedPersonId == b)));
        Assert.False(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "person.merged" && e.TargetId == a.ToString())));
        _ = bEnrollment;
    }

    private Task<string> StateAsync(int a, int b) =>
        App.WithDbAsync(async db =>
        {
            var people = await db.People.Where(p => p.Id == a || p.Id == b).OrderBy(p => p.Id).Select(p => p.Id + p.DocumentNumber).ToListAsync();
            var enrollments = await db.Enrollments.Where(e => e.PersonId == a || e.PersonId == b).OrderBy(e => e.Id).Select(e => e.Id + ":" + e.PersonId + ":" + (e.WithdrawnUtc == null)).ToListAsync();
            var spans = await db.PersonAttributes.Where(x => x.PersonId == a || x.PersonId == b).OrderBy(x => x.Id).Select(x => x.Id + ":" + x.PersonId + ":" + x.Audience).ToListAsync();
            var docs = await db.PersonDocuments.Where(d => d.PersonId == a || d.PersonId == b).CountAsync();
            return string.Join("|", people.Concat(enrollments).Concat(spans).Append(docs.ToString()));
        });

    [Fact]
    public async Task The_indicator_counts_one_person_fewer_after_a_merge_the_cut_off_drift_says_why_and_the_undo_restores_everything()
    {
        // Two records of one servant (a digit swapped), each with a completion counted for the staff indicator.
        var a = await PersonAsync("CC", "1043930312", "Contado", "Dos Veces", Audience.Staff);
        var b = await PersonAsync("CC", "1043930321", "Contado", "Dos Veces", Audience.Staff);
        var (_, aCompletion) = await EnrollAsync(a, "seguridad-digital", Bog(2025, 4, 4));
        var (bEnrollment, bCompletion) = await EnrollAsync(b, "seguridad-digital", Bog(2025, 5, 5));
        var published = await App.WithScopeAsync(sp => sp.GetRequiredService<CutoffPublishing>().PublishAsync(Staff, new DateOnly(2025, 12, 31), null, "prueba", default));
        Assert.Null(published.Error);
        var publishedPeople = CutoffPublishing.ReportOf(published.Publication!).People;

        var beforeCount = await CountAsync(Staff);
        var before = await ComputeAsync(Staff);
        var beforeRow = before.Courses.Single(c => c.CourseId == "seguridad-digital");
        var merged = await MergeAsync(a, b, kind: DocumentChangeKind.Correction);
        Assert.True(merged.Succeeded, merged.Error);

        Assert.Equal(beforeCount - 1, await CountAsync(Staff));
        var after = await ComputeAsync(Staff);
        Assert.Equal(before.People - 1, after.People);
        var afterRow = after.Courses.Single(c => c.CourseId == "seguridad-digital");
        Assert.Equal((beforeRow.Completions - 1, beforeRow.People - 1), (afterRow.Completions, afterRow.People));
        Assert.Equal(before.Dependencias.Sum(d => d.People) - 1, after.Dependencias.Sum(d => d.People));
        Assert.Equal(before.Months.Last().Cumulative - 1, after.Months.Last().Cumulative);
        // The corrected number never names the person.
        Assert.Null(await App.WithDbAsync(db => DocumentLookup.PersonIdAsync(db, DocumentType.CC, "1043930321", default)));

        // The published cut-off keeps its figures and lists the merge in its drift.
        var drift = await App.WithScopeAsync(async sp =>
        {
            var summary = (await sp.GetRequiredService<CutoffPublishing>().ListAsync(default)).Single(p => p.Id == published.Publication!.Id);
            return await sp.GetRequiredService<CutoffDrift>().ForAsync(summary, default);
        });
        Assert.Equal(publishedPeople, CutoffPublishing.ReportOf(await App.WithDbAsync(db => db.CutoffPublications.AsNoTracking().SingleAsync(p => p.Id == published.Publication!.Id))).People);
        var gone = Assert.Single(drift!.People, p => p.PersonId == b);
        Assert.False(gone.Added);
        Assert.Contains("se fusionó", gone.Reason);
        Assert.Equal("CC 1043930321", gone.Document);
        Assert.Equal(publishedPeople - 1, drift.LivePeople);

        // The duplicates list no longer shows the pair; the merge page offers the undo; the undo restores both records.
        Assert.DoesNotContain(await App.WithScopeAsync(sp => sp.GetRequiredService<DuplicateScan>().FindAsync(Everyone, default)), p => p.A.Id == a && p.B.Id == b);
        await App.CreateUserAsync("fusion.admin@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("fusion.admin@scari.test");
        var url = $"/admin/personas/fusiones/{merged.MergeId}";
        Assert.Contains("Deshacer la fusión", await admin.GetStringAsync(url));
        using var undone = await admin.PostFormAsync(url, new(), formAction: $"{url}?handler=Deshacer");
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.Contains("se deshizo", await admin.GetStringAsync(url));

        await App.WithDbAsync(async db =>
        {
            var restored = await db.People.SingleAsync(p => p.Id == b);
            Assert.Equal(("1043930321", "Contado"), (restored.DocumentNumber, restored.GivenNames));
            Assert.Equal(b, (await db.Enrollments.SingleAsync(e => e.Id == bEnrollment)).PersonId);
            var c = await db.Completions.SingleAsync(x => x.Id == bCompletion);
            Assert.Equal((b, (int?)null), (c.PersonId, c.DuplicateOfCompletionId));
            Assert.Equal(a, (await db.Completions.SingleAsync(x => x.Id == aCompletion)).PersonId);
            Assert.Equal(1, await db.PersonAttributes.CountAsync(x => x.PersonId == b));
            Assert.Equal(1, await db.PersonAttributes.CountAsync(x => x.PersonId == a));
            Assert.False(await db.PersonDocuments.AnyAsync(d => d.PersonId == a));
            Assert.NotNull((await db.PersonMerges.SingleAsync(x => x.Id == merged.MergeId)).UndoneUtc);
            return 0;
        });
        Assert.Equal(beforeCount, await CountAsync(Staff));
        Assert.Contains("ya se deshizo", await UndoAsync(merged.MergeId!.Value));
    }

    [Fact]
    public async Task Survey_receipts_move_to_the_surviving_record_and_the_undo_takes_back_only_the_copies_it_made()
    {
        var a = await PersonAsync("CC", "1043930612", "Encuestada", "Dos Veces", Audience.Staff);
        var b = await PersonAsync("CC", "1043930621", "Encuestada", "Dos Veces", Audience.Staff);
        await App.WithDbAsync(db =>
        {
            db.SurveyReceipts.AddRange(
                new SurveyReceipt { PersonId = a, CourseId = "seguridad-digital", Kind = SurveyKind.Reaccion },
                new SurveyReceipt { PersonId = b, CourseId = "seguridad-digital", Kind = SurveyKind.Reaccion },
                new SurveyReceipt { PersonId = b, CourseId = "seguridad-digital", Kind = SurveyKind.Impacto },
                new SurveyReceipt { PersonId = b, CourseId = "transformacion-digital", Kind = SurveyKind.Reaccion });
            return db.SaveChangesAsync();
        });
        Task<List<string>> ReceiptsAsync(int person) => App.WithDbAsync(db => db.SurveyReceipts.Where(r => r.PersonId == person)
            .Select(r => r.CourseId + ":" + r.Kind).ToListAsync());

        var merged = await MergeAsync(a, b, kind: DocumentChangeKind.Correction);
        Assert.True(merged.Succeeded, merged.Error);
        // Answered under either record: never asked again.
        Assert.Equal(["seguridad-digital:Impacto", "seguridad-digital:Reaccion", "transformacion-digital:Reaccion"], (await ReceiptsAsync(a)).Order());
        Assert.Empty(await ReceiptsAsync(b));

        Assert.Null(await UndoAsync(merged.MergeId!.Value));
        Assert.Equal(["seguridad-digital:Reaccion"], await ReceiptsAsync(a));
        Assert.Equal(["seguridad-digital:Impacto", "seguridad-digital:Reaccion", "transformacion-digital:Reaccion"], (await ReceiptsAsync(b)).Order());
    }

    [Fact]
    public async Task A_merge_with_newer_records_depending_on_it_cannot_be_undone_and_the_page_says_why()
    {
        var a = await PersonAsync("CC", "1043930412", "Dependiente", "Nueva", Audience.Staff);
        var b = await PersonAsync("CC", "1043930421", "Dependiente", "Nueva", Audience.Staff);
        var merged = await MergeAsync(a, b, kind: DocumentChangeKind.Correction);
        Assert.True(merged.Succeeded, merged.Error);
        await EnrollAsync(a, "transformacion-digital", DateTime.UtcNow);

        var error = await UndoAsync(merged.MergeId!.Value);
        Assert.StartsWith("No se puede deshacer", error);
        Assert.Contains("finalización", error);
        await App.CreateUserAsync("fusion.bloqueo@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("fusion.bloqueo@scari.test");
        var page = await admin.GetStringAsync($"/admin/personas/fusiones/{merged.MergeId}");
        Assert.Contains("No se puede deshacer", page);
        Assert.DoesNotContain("Deshacer la fusión</button>", page);
        Assert.False(await App.WithDbAsync(db => db.People.AnyAsync(p => p.Id == b)));
    }

    [Fact]
    public async Task The_merge_page_previews_and_merges_for_an_administrator_only()
    {
        var a = await PersonAsync("TI", "1043930501", "Pagina", "Fusion", Audience.Student, new DateOnly(2008, 8, 8));
        var b = await PersonAsync("CC", "1043930501", "Pagina", "Fusion", Audience.Student, new DateOnly(2008, 8, 8));
        await EnrollAsync(a, "pensamiento-computacional", Bog(2025, 2, 2));
        await App.CreateUserAsync("fusion.pagina@scari.test", Roles.Administrador);
        using var admin = await App.SignedInClientAsync("fusion.pagina@scari.test");
        var url = $"/admin/personas/fusionar?a={a}&b={b}";
        var page = FormPosting.Parse(await admin.GetStringAsync(url));
        Assert.Contains("Finalizaciones en línea", page.QuerySelector("table.merge-moves")!.TextContent);
        Assert.Contains("TI 1043930501", page.QuerySelector("section[aria-label='Se fusiona y desaparece']")!.TextContent);

        using var posted = await admin.PostFormAsync(url, new() { ["Input.Kind"] = "Renewal" }, formAction: "/admin/personas/fusionar?handler=Fusionar");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith("/admin/personas/fusiones/", posted.Headers.Location!.OriginalString);
        Assert.False(await App.WithDbAsync(db => db.People.AnyAsync(p => p.Id == a)));

        var colegio = await App.WithDbAsync(db => db.Colegios.Select(c => c.Id).OrderBy(i => i).FirstAsync());
        await App.CreateCoordinatorAsync("fusion.coordinadora@scari.test", colegio);
        using var coordinator = await App.SignedInClientAsync("fusion.coordinadora@scari.test");
        using var denied = await coordinator.GetAsync($"/admin/personas/fusionar?a={b}&b={b + 1}");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}

public sealed class PostgresMergeTests(PostgresApp app) : MergeTests(app), IClassFixture<PostgresApp>;

public sealed class SqliteMergeTests(SqliteApp app) : MergeTests(app), IClassFixture<SqliteApp>;
