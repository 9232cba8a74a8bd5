using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Mail;
using Scari.Web.Features.People;
using Scari.Web.Features.Reminders;
using Scari.Web.Features.Privacy;

namespace Scari.IntegrationTests.Mail;

public sealed class ReminderTests(JourneyApp fixture) : ReminderTestsOn<JourneyApp>(fixture);

public sealed class SqliteReminderTests(SqliteJourneyApp fixture) : ReminderTestsOn<SqliteJourneyApp>(fixture);

/// <summary>A clock the test moves by hand: the reminder pass sees the time it is given, nothing else.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// Reminders with rules that stop: not started after N days, no progress for N days, the cohort closing; from the course
/// (curso.md of the fixture course «intentos-contados»: 7, 10 and 3 days) or the cohort; never twice, never to someone
/// who completed (online or in person), withdrew, was anonymized, opted out or is a minor. Time moves by a ManualClock.
/// </summary>
public abstract class ReminderTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private const string Course = "intentos-contados";
    private ScariAppFactory App => fixture.App;

    /// <summary>Far in the future, so the real date never makes anything of these tests due by itself.</summary>
    private static readonly DateOnly Start = new(2031, 3, 3);

    private static DateTime At(int days, int hour = 15) => Start.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Utc).AddDays(days);

    private Task<ReminderRun.Result?> RunAtAsync(DateTime utc) =>
        ActivatorUtilities.CreateInstance<ReminderScheduler>(App.Services, new ManualClock(new DateTimeOffset(utc))).RunOnceAsync(default);

    private async Task<(int Cohort, string Tag)> CohortAsync(string courseId, int days = 30, int? notStarted = null, int? stalled = null, int? closing = null)
    {
        var tag = JourneyData.Unique("recordatorio");
        var cohort = (await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Admin,
            new CohortDraft(tag, courseId, Start, Start.AddDays(days), null, null, null), default))).CohortId!.Value;
        if (notStarted is not null || stalled is not null || closing is not null)
            Assert.Empty(await App.WithAsync<List<string>, Cohorts>(c => c.SetRemindersAsync(JourneyData.Admin, cohort, notStarted, stalled, closing, default)));
        return (cohort, tag);
    }

    private async Task<int> MemberAsync(int cohort, string tag, string who, Audience audience = Audience.Staff, DateOnly? birth = null)
    {
        var id = await App.PersonAsync(audience, colegioId: audience == Audience.Student ? await App.ColegioAsync() : null);
        await App.WithDbAsync(db => db.People.Where(p => p.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, $"{who}.{tag}@correo.test").SetProperty(p => p.BirthDate, birth)));
        Assert.Equal(1, (await App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, cohort, [id], default))).Added);
        return id;
    }

    private Task<int> EnrollmentOfAsync(int personId) =>
        App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == personId && e.WithdrawnUtc == null).Select(e => e.Id).SingleAsync());

    private Task<List<OutboxMessage>> RemindersAsync(string tag) => App.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
        .Where(m => m.Kind.StartsWith("recordatorio.") && m.ToAddress.EndsWith($".{tag}@correo.test")).OrderBy(m => m.Id).ToListAsync());

    private async Task<List<string>> KindsToAsync(string tag, string who) =>
        [.. (await RemindersAsync(tag)).Where(m => m.ToAddress == $"{who}.{tag}@correo.test").Select(m => m.Kind)];

    private Task ProgressAsync(int personId, DateTime whenUtc) => App.WithDbAsync(async db =>
    {
        var enrollment = await db.Enrollments.Where(e => e.PersonId == personId && e.WithdrawnUtc == null).Select(e => e.Id).SingleAsync();
        db.LessonProgress.Add(new LessonProgress { EnrollmentId = enrollment, LessonId = $"leccion-{whenUtc.Ticks}", CompletedUtc = whenUtc });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task The_course_rules_remind_once_each_and_stop_for_completion_withdrawal_anonymization_opt_out_minors_and_in_person_completion()
    {
        var (cohort, tag) = await CohortAsync(Course);
        var idle = await MemberAsync(cohort, tag, "idle");
        var slow = await MemberAsync(cohort, tag, "slow");
        var done = await MemberAsync(cohort, tag, "done");
        var gone = await MemberAsync(cohort, tag, "gone");
        var erased = await MemberAsync(cohort, tag, "erased");
        var refused = await MemberAsync(cohort, tag, "refused");
        var minor = await MemberAsync(cohort, tag, "minor", Audience.Student, Start.AddYears(-15));
        var inPerson = await MemberAsync(cohort, tag, "presencial");

        await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == done).ExecuteUpdateAsync(u => u.SetProperty(e => e.CompletedUtc, At(1))));
        Assert.True((await App.WithAsync<EnrollOutcome, EnrollPerson>(async e => await e.WithdrawAsync(JourneyData.Admin, await EnrollmentOfAsync(gone), default))).Succeeded);
        await App.WithDbAsync(db => db.People.Where(p => p.Id == erased).ExecuteUpdateAsync(u => u.SetProperty(p => p.AnonymizedUtc, At(1))));
        var unsubscribe = await App.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<MailPreferences>()
            .UnsubscribeUrl(MailPreferences.Audience.Person, refused.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        // The one-click address (RFC 8058), as a mail program would POST it.
        var oneClick = await App.CreateClient().PostAsync(new Uri(unsubscribe + "/un-clic").PathAndQuery, new StringContent("List-Unsubscribe=One-Click"));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        await App.WithDbAsync(db =>
        {
            db.Completions.Add(new Completion { PersonId = inPerson, CourseId = Course, Source = CompletionSource.InPerson, CompletedUtc = At(2), Hours = 1 });
            return db.SaveChangesAsync();
        });
        await ProgressAsync(slow, At(1));

        // Day 6: nothing is due yet (7 days without starting, 10 without progress).
        await RunAtAsync(At(6));
        Assert.Empty(await RemindersAsync(tag));

        // Day 7: only the one who never started; running again the same day or later sends it no more.
        await RunAtAsync(At(7));
        await RunAtAsync(At(7, 18));
        await RunAtAsync(At(9));
        Assert.Equal(["recordatorio.no-inicia"], await KindsToAsync(tag, "idle"));
        Assert.Single(await RemindersAsync(tag));
        var notStarted = (await RemindersAsync(tag))[0];
        Assert.Equal($"Su curso «Intentos contados» le espera", notStarted.Subject);
        Assert.Contains("Hace 7 días quedó inscrito", notStarted.TextBody);
        Assert.NotNull(notStarted.UnsubscribeUrl);
        Assert.Contains(notStarted.UnsubscribeUrl!, notStarted.TextBody);
        Assert.Contains("/cuenta/correo", notStarted.HtmlBody);
        var mime = App.Services.GetRequiredService<MailTransport>().Compose(notStarted);
        Assert.Equal($"<{notStarted.UnsubscribeUrl}>", mime.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);

        // Day 11: ten days without progress for the slow one; once. New progress starts a new count.
        await RunAtAsync(At(11));
        await RunAtAsync(At(12));
        Assert.Equal(["recordatorio.sin-avance"], await KindsToAsync(tag, "slow"));
        await ProgressAsync(slow, At(13));
        await RunAtAsync(At(22));
        Assert.Equal(["recordatorio.sin-avance"], await KindsToAsync(tag, "slow"));
        await RunAtAsync(At(23));
        Assert.Equal(["recordatorio.sin-avance", "recordatorio.sin-avance"], await KindsToAsync(tag, "slow"));

        // Day 27: the cohort closes on day 30 (3 days ahead): both who have not finished, once.
        await RunAtAsync(At(27));
        await RunAtAsync(At(28));
        await RunAtAsync(At(30));
        Assert.Equal(["recordatorio.no-inicia", "recordatorio.cierre"], await KindsToAsync(tag, "idle"));
        Assert.Equal("recordatorio.cierre", (await KindsToAsync(tag, "slow"))[^1]);
        Assert.Contains("cierra en 3 días", (await RemindersAsync(tag)).Last(m => m.Kind == "recordatorio.cierre").TextBody);

        // Never: completed, withdrawn, anonymized, opted out, minor, completed in person.
        foreach (var who in new[] { "done", "gone", "erased", "refused", "minor", "presencial" })
            Assert.Empty(await KindsToAsync(tag, who));
        var sends = await App.WithDbAsync(db => db.ReminderSends.CountAsync(s => s.Target.StartsWith("inscripcion:") && s.CreatedUtc >= DateTime.MinValue
            && db.Enrollments.Any(e => e.Id == s.EnrollmentId && e.CohortId == cohort)));
        Assert.Equal(5, sends);
    }

    [Fact]
    public async Task A_cohort_sets_its_own_days_or_switches_a_reminder_off_over_the_course()
    {
        var (quick, quickTag) = await CohortAsync(Course, notStarted: 2);
        var early = await MemberAsync(quick, quickTag, "early");
        var (silent, silentTag) = await CohortAsync(Course, notStarted: 0, closing: 0);
        await MemberAsync(silent, silentTag, "quiet");
        // A course without reminders in curso.md: only what the cohort says.
        var plain = await App.CourseAsync(JourneyData.Unique("sin-reglas"));
        var (bare, bareTag) = await CohortAsync(plain.CourseId, days: 40);
        await MemberAsync(bare, bareTag, "bare");

        await RunAtAsync(At(2));
        Assert.Equal(["recordatorio.no-inicia"], await KindsToAsync(quickTag, "early"));
        await RunAtAsync(At(29));
        Assert.Empty(await KindsToAsync(silentTag, "quiet"));
        Assert.Empty(await KindsToAsync(bareTag, "bare"));

        var refused = await App.WithAsync<List<string>, Cohorts>(c => c.SetRemindersAsync(JourneyData.Admin, quick, -1, null, 400, default));
        Assert.Equal(2, refused.Count);
        Assert.Contains("entre 0 y 365", refused[0]);
        Assert.Equal(early, await App.WithDbAsync(db => db.Enrollments.Where(e => e.CohortId == quick).Select(e => e.PersonId).SingleAsync()));
    }

    [Fact]
    public async Task Each_coordinator_gets_one_weekly_digest_with_counts_and_a_link_but_no_names_unless_they_opted_out()
    {
        var dependencia = await App.DependenciaAsync();
        var tag = JourneyData.Unique("resumen");
        var coordinator = await App.CreateUserAsync($"coord.{tag}@correo.test", Roles.Coordinador);
        var other = await App.CreateUserAsync($"otro.{tag}@correo.test", Roles.Coordinador);
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == coordinator.Id || u.Id == other.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.CoordinatedDependenciaId, dependencia)));
        var learner = await App.PersonAsync(Audience.Staff, dependenciaId: dependencia, givenNames: $"Nombre-{tag}");
        Assert.True((await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.ByStaffAsync(JourneyData.Admin, learner, Course, default))).Succeeded);
        Assert.True(await App.WithScopeAsync(sp => sp.GetRequiredService<MailPreferences>().SetDigestAsync(other.Id, wanted: false, default)));

        await RunAtAsync(At(0));
        await RunAtAsync(At(2)); // the same ISO week
        var digests = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Kind == "recordatorio.resumen" && m.ToAddress.EndsWith($".{tag}@correo.test")).ToListAsync());
        var digest = Assert.Single(digests);
        Assert.Equal($"coord.{tag}@correo.test", digest.ToAddress);
        Assert.Contains("Inscripciones en curso: 1.", digest.TextBody);
        Assert.Contains("Sin empezar: 1.", digest.TextBody);
        Assert.Contains("https://scari.test/admin/cohortes", digest.TextBody);
        Assert.DoesNotContain($"Nombre-{tag}", digest.TextBody + digest.HtmlBody);
        Assert.NotNull(digest.UnsubscribeUrl);

        await RunAtAsync(At(7)); // the next week: one more
        Assert.Equal(2, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "recordatorio.resumen" && m.ToAddress == $"coord.{tag}@correo.test")));
        Assert.Equal(0, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "recordatorio.resumen" && m.ToAddress == $"otro.{tag}@correo.test")));
    }

    [Fact]
    public async Task A_reminder_that_waited_in_the_outbox_is_voided_when_due_if_the_person_completed_withdrew_started_was_anonymized_or_opted_out_meanwhile()
    {
        var (cohort, tag) = await CohortAsync(Course);
        string[] who = ["sigue", "termina", "presencial", "retira", "empieza", "anonima", "rehusa"];
        var people = new Dictionary<string, int>();
        foreach (var w in who) people[w] = await MemberAsync(cohort, tag, w);
        await RunAtAsync(At(7)); // the mail server is down, say: every «sin empezar» reminder waits in the outbox
        Assert.Equal(who.Length, (await RemindersAsync(tag)).Count);

        await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == people["termina"]).ExecuteUpdateAsync(u => u.SetProperty(e => e.CompletedUtc, At(8))));
        await App.WithDbAsync(db =>
        {
            db.Completions.Add(new Completion { PersonId = people["presencial"], CourseId = Course, Source = CompletionSource.InPerson, CompletedUtc = At(8), Hours = 1 });
            return db.SaveChangesAsync();
        });
        Assert.True((await App.WithAsync<EnrollOutcome, EnrollPerson>(async e => await e.WithdrawAsync(JourneyData.Admin, await EnrollmentOfAsync(people["retira"]), default))).Succeeded);
        await ProgressAsync(people["empieza"], At(8));
        Assert.True(await App.WithScopeAsync(sp => sp.GetRequiredService<MailPreferences>().SetRemindersAsync(people["rehusa"], wanted: false, default)));
        var anonymized = await RowToAsync(tag, "anonima");
        // The app's sender may have delivered the reminders already; this one certainly still waits (due in 2031).
        var waiting = await App.WithScopeAsync(async sp =>
        {
            var message = sp.GetRequiredService<Outbox>().Add(new MailDraft("aviso.inscripcion", $"ANONIMA.{tag}@correo.test", "Anónima", "Espera", "Cuerpo"));
            message.NextAttemptUtc = At(30);
            await sp.GetRequiredService<ScariDbContext>().SaveChangesAsync();
            return message.Id;
        });
        Assert.Equal(AnonymizeResult.Anonymized, await App.WithAsync<AnonymizeResult, PrivacyAnonymizer>(a => a.AnonymizeAsync(people["anonima"], "Solicitud del titular", default)));

        Assert.Null(await ReasonNotToSendAsync(await RowToAsync(tag, "sigue")));
        Assert.Equal("No se envió: la persona ya terminó el curso.", await ReasonNotToSendAsync(await RowToAsync(tag, "termina")));
        Assert.Equal("No se envió: la persona ya terminó el curso.", await ReasonNotToSendAsync(await RowToAsync(tag, "presencial")));
        Assert.Equal("No se envió: la persona se retiró del curso.", await ReasonNotToSendAsync(await RowToAsync(tag, "retira")));
        Assert.Equal("No se envió: la persona ya empezó el curso.", await ReasonNotToSendAsync(await RowToAsync(tag, "empieza")));
        Assert.Equal("No se envió: la persona pidió no recibir recordatorios.", await ReasonNotToSendAsync(await RowToAsync(tag, "rehusa")));

        // Anonymizing leaves no address, name or body in any row to the person's address (whatever its case), sent or
        // not, and voids what still waited.
        var row = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == anonymized.Id));
        Assert.Equal(("", PrivacyAnonymizer.AnonymousName, "", (string?)null, (string?)null, true),
            (row.ToAddress, row.ToName, row.TextBody, row.HtmlBody, row.UnsubscribeUrl, row.Redacted));
        Assert.Equal("No se envió: la persona fue anonimizada o ya no tiene correo.", await ReasonNotToSendAsync(row));
        var voided = await App.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == waiting));
        Assert.Equal((OutboxStatus.Anulado, "No se envió: la persona fue anonimizada.", "", "", true),
            (voided.Status, voided.LastError, voided.ToAddress, voided.TextBody, voided.Redacted));
    }

    private async Task<OutboxMessage> RowToAsync(string tag, string who) =>
        (await RemindersAsync(tag)).Single(m => m.ToAddress == $"{who}.{tag}@correo.test");

    private Task<string?> ReasonNotToSendAsync(OutboxMessage message) => App.WithScopeAsync(sp =>
        sp.GetServices<IOutboxGuard>().Single(g => g.Kind == message.Kind).ReasonNotToSendAsync(message, default));

    [Fact]
    public async Task The_unsubscribe_page_asks_first_and_the_preferences_page_turns_reminders_back_on()
    {
        var (cohort, tag) = await CohortAsync(Course);
        var person = await MemberAsync(cohort, tag, "pref");
        var url = await App.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<MailPreferences>()
            .UnsubscribeUrl(MailPreferences.Audience.Person, person.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var client = App.CreateBrowserLikeClient();
        var path = new Uri(url).PathAndQuery;
        Assert.Contains("¿Quiere dejar de recibir recordatorios de sus cursos e invitaciones a encuestas?", await client.GetStringAsync(path));
        Assert.Null(await App.WithDbAsync(db => db.People.Where(p => p.Id == person).Select(p => p.RemindersOptOutUtc).SingleAsync()));
        var answer = await client.PostFormAsync(path, []);
        Assert.Contains("no recibirá más recordatorios de sus cursos ni invitaciones a encuestas", await answer.Content.ReadAsStringAsync());
        Assert.NotNull(await App.WithDbAsync(db => db.People.Where(p => p.Id == person).Select(p => p.RemindersOptOutUtc).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path[..^3] + "xyz")).StatusCode);

        var userName = $"{tag}@scari.test";
        var user = await App.CreateUserAsync(userName, Roles.Aprendiz);
        await App.LinkAsync(user.Id, u => u.PersonId = person);
        var signedIn = await App.SignedInClientAsync(userName);
        var saved = await signedIn.PostFormAsync("/cuenta/correo", new() { ["Recordatorios"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Null(await App.WithDbAsync(db => db.People.Where(p => p.Id == person).Select(p => p.RemindersOptOutUtc).SingleAsync()));
        await RunAtAsync(At(7));
        Assert.Equal(["recordatorio.no-inicia"], await KindsToAsync(tag, "pref"));
    }
}

/// <summary>Two app instances on one database: each due reminder is queued once, whether the lease or the unique index stops the second.</summary>
public sealed class ReminderInstancesTests
{
    private static async Task RaceAsync(ScariAppFactory first, ScariAppFactory second)
    {
        var tag = JourneyData.Unique("dos");
        var cohort = (await first.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Admin,
            new CohortDraft(tag, "intentos-contados", new DateOnly(2031, 3, 3), new DateOnly(2031, 4, 30), null, null, null), default))).CohortId!.Value;
        var people = new List<int>();
        for (var i = 0; i < 25; i++)
        {
            var id = await first.PersonAsync(Audience.Staff);
            await first.WithDbAsync(db => db.People.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, $"p{i}.{tag}@correo.test")));
            people.Add(id);
        }
        await first.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, cohort, people, default));
        var clock = new ManualClock(new DateTimeOffset(2031, 3, 12, 15, 0, 0, TimeSpan.Zero));

        // Without the lease (as if one had expired mid-pass): passes of both instances at once; the unique index lets one win.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).WithScopeAsync(sp =>
            ActivatorUtilities.CreateInstance<ReminderRun>(sp, clock).RunAsync(default)))));
        // With the lease, as the background service runs: days before the cohort closes, both instances at once.
        clock.Now = new DateTimeOffset(2031, 4, 28, 15, 0, 0, TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            ActivatorUtilities.CreateInstance<ReminderScheduler>((i % 2 == 0 ? first : second).Services, clock).RunOnceAsync(default))));

        var sent = await first.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress.EndsWith($".{tag}@correo.test"))
            .GroupBy(m => m.ToAddress).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(25, sent.Count);
        Assert.All(sent, s => Assert.Equal(3, s.Count)); // the enrollment notice, «no ha empezado» and «la cohorte cierra», once each
        var kinds = await first.WithDbAsync(db => db.ReminderSends.Where(s => db.Enrollments.Any(e => e.Id == s.EnrollmentId && e.CohortId == cohort))
            .GroupBy(s => s.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal([(ReminderKinds.Closing, 25), (ReminderKinds.NotStarted, 25)], kinds.Select(k => (k.Key, k.Count)).OrderBy(k => k.Key));
    }

    [Fact]
    public async Task Two_instances_on_one_PostgreSQL_queue_each_reminder_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = ScariAppFactory.OnPostgres(database.ConnectionString, ("Scari:ContentDirectory", JourneyApp.ContentDirectory));
        await using var second = ScariAppFactory.OnPostgres(database.ConnectionString, ("Scari:ContentDirectory", JourneyApp.ContentDirectory));
        _ = first.Services;
        _ = second.Services;
        await RaceAsync(first, second);
    }

    [Fact]
    public async Task Two_instances_on_one_SQLite_file_queue_each_reminder_once()
    {
        var data = Path.Combine(Path.GetTempPath(), $"scari-sqlite-{Guid.NewGuid():N}");
        try
        {
            await using var first = ScariAppFactory.OnSqlite(data, ("Scari:ContentDirectory", JourneyApp.ContentDirectory));
            _ = first.Services;
            await using var second = ScariAppFactory.OnSqlite(data, ("Scari:ContentDirectory", JourneyApp.ContentDirectory));
            _ = second.Services;
            await RaceAsync(first, second);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }
}
