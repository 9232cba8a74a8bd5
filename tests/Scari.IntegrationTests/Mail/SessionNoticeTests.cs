using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ical.Net.CalendarComponents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Mail;
using Scari.Web.Features.People;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests.Mail;

public sealed class SessionNoticeTests(JourneyApp fixture) : SessionNoticeTestsOn<JourneyApp>(fixture);

public sealed class SqliteSessionNoticeTests(SqliteJourneyApp fixture) : SessionNoticeTestsOn<SqliteJourneyApp>(fixture);

/// <summary>
/// In-person sessions scheduled ahead for a cohort: the invitation (.ics REQUEST), each change (SEQUENCE + 1, same UID)
/// and the cancellation (.ics CANCEL) are queued to each adult member, in the transaction of the change; and the
/// person's calendar feed, whose token is stored only as its SHA-256, renewed and revoked from /cuenta/calendario.
/// </summary>
public abstract class SessionNoticeTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;

    private sealed record World(string Tag, string CourseId, int CohortId, int Adult, int Minor, int Withdrawn);

    private async Task<World> CohortAsync()
    {
        var tag = JourneyData.Unique("sesion");
        var dependencia = await App.DependenciaAsync();
        var colegio = await App.ColegioAsync();
        var course = await App.CourseAsync(JourneyData.Unique("curso-presencial"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var adult = await PersonAsync(Audience.Staff, $"adulta.{tag}@correo.test", null, dependencia: dependencia);
        var minor = await PersonAsync(Audience.Student, $"menor.{tag}@correo.test", today.AddYears(-15), colegio: colegio);
        var withdrawn = await PersonAsync(Audience.Staff, $"retirada.{tag}@correo.test", null, dependencia: dependencia);
        var cohort = (await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Admin,
            new CohortDraft(tag, course.CourseId, today, today.AddMonths(2), null, null, null), default))).CohortId!.Value;
        Assert.Equal(3, (await App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, cohort, [adult, minor, withdrawn], default))).Added);
        var withdrawnEnrollment = await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == withdrawn).Select(e => e.Id).SingleAsync());
        Assert.True((await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.WithdrawAsync(JourneyData.Admin, withdrawnEnrollment, default))).Succeeded);
        return new(tag, course.CourseId, cohort, adult, minor, withdrawn);
    }

    private Task<int> PersonAsync(Audience audience, string email, DateOnly? birth, int? dependencia = null, int? colegio = null) =>
        App.PersonAsync(audience, colegio, dependencia).ContinueWith(async t =>
        {
            await App.WithDbAsync(db => db.People.Where(p => p.Id == t.Result)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Email, email).SetProperty(p => p.BirthDate, birth)));
            return t.Result;
        }, TaskScheduler.Default).Unwrap();

    private Task<List<OutboxMessage>> SessionMailAsync(string tag) => App.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
        .Where(m => m.Kind == "aviso.sesion" && m.ToAddress.EndsWith($".{tag}@correo.test")).OrderBy(m => m.Id).ToListAsync());

    private Task<TrainingSession> CreateAsync(World w, DateOnly date, TimeOnly? start = null, TimeOnly? end = null, string? place = null) =>
        App.WithScopeAsync(async sp =>
        {
            var (session, errors) = await sp.GetRequiredService<InPersonTraining>().CreateSessionAsync(new SessionInput
            {
                CourseId = w.CourseId, Date = date, Hours = 4, TutorName = "Tutora Presencial", StartTime = start, EndTime = end,
                Place = place, CohortId = w.CohortId,
            }, default);
            Assert.True(session is not null, string.Join(" ", errors));
            return session!;
        });

    private static CalendarEvent SingleEvent(Ical.Net.Calendar calendar) => Assert.Single(calendar.Events);

    [Fact]
    public async Task Scheduling_changing_and_cancelling_a_session_ahead_sends_each_adult_member_an_ics_with_one_uid_and_rising_sequence()
    {
        var w = await CohortAsync();
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);
        var session = await CreateAsync(w, date, new TimeOnly(9, 0), new TimeOnly(12, 30), "Auditorio del piso 3");

        var invitation = Assert.Single(await SessionMailAsync(w.Tag)); // only the adult: not the minor, not the withdrawn member
        Assert.Equal($"adulta.{w.Tag}@correo.test", invitation.ToAddress);
        Assert.Equal($"Sesión presencial: «Curso {w.CourseId}», {Bogota.FormatDate(date)}", invitation.Subject);
        Assert.Contains("de 9:00", invitation.TextBody);
        Assert.Contains("Lugar: Auditorio del piso 3.", invitation.TextBody);
        var calendar = Ical.Net.Calendar.Load(invitation.CalendarIcs!)!;
        Assert.Equal("REQUEST", calendar.Method);
        var e = SingleEvent(calendar);
        var uid = e.Uid;
        Assert.Equal($"scari-sesion-{session.Id}@scari.test", uid);
        Assert.Equal(0, e.Sequence);
        Assert.Equal("America/Bogota", e.DtStart!.TzId);
        Assert.Equal((date, new TimeOnly(9, 0)), (e.DtStart.Date, e.DtStart.Time!.Value));
        Assert.Equal(new DateTime(date.Year, date.Month, date.Day, 14, 0, 0, DateTimeKind.Utc), e.DtStart.AsUtc); // UTC−5
        Assert.Equal(new TimeOnly(12, 30), e.DtEnd!.Time);
        Assert.Equal("Auditorio del piso 3", e.Location);
        Assert.Equal($"mailto:adulta.{w.Tag}@correo.test", Assert.Single(e.Attendees).Value!.ToString());
        Assert.Single(calendar.TimeZones, z => z.TzId == "America/Bogota");

        // A new time: SEQUENCE 1, same UID, the change in words.
        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RescheduleAsync(session.Id,
            new ScheduleInput { Date = date, StartTime = new TimeOnly(14, 0), EndTime = new TimeOnly(17, 0), Place = "Auditorio del piso 3" }, default)));
        // Saving the same again changes nothing and sends nothing.
        Assert.Equal(["No cambió nada: la fecha, el horario y el lugar son los mismos."], await App.WithAsync<List<string>, InPersonTraining>(t =>
            t.RescheduleAsync(session.Id, new ScheduleInput { Date = date, StartTime = new TimeOnly(14, 0), EndTime = new TimeOnly(17, 0), Place = "Auditorio del piso 3" }, default)));
        var mail = await SessionMailAsync(w.Tag);
        Assert.Equal(2, mail.Count);
        Assert.Equal($"Cambió la sesión presencial «Curso {w.CourseId}»", mail[1].Subject);
        Assert.Contains("el horario es ahora de 2:00", mail[1].TextBody);
        var changed = SingleEvent(Ical.Net.Calendar.Load(mail[1].CalendarIcs!)!);
        Assert.Equal((uid, 1, new TimeOnly(14, 0)), (changed.Uid, changed.Sequence, changed.DtStart!.Time!.Value));

        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.CancelAsync(session.Id, default)));
        mail = await SessionMailAsync(w.Tag);
        Assert.Equal(3, mail.Count);
        var cancelled = Ical.Net.Calendar.Load(mail[2].CalendarIcs!)!;
        Assert.Equal("CANCEL", cancelled.Method);
        Assert.Equal((uid, 2, "CANCELLED"), (SingleEvent(cancelled).Uid, SingleEvent(cancelled).Sequence, SingleEvent(cancelled).Status));
        Assert.StartsWith("Sesión presencial cancelada", mail[2].Subject);

        // A cancelled session takes no more changes and no attendance.
        Assert.NotEmpty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RescheduleAsync(session.Id, new ScheduleInput { Date = date.AddDays(1) }, default)));
        Assert.NotEmpty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RecordAsync(session.Id, [new AttendanceMark(w.Adult, true, true)], default)));
        Assert.Equal(3, (await SessionMailAsync(w.Tag)).Count);
        Assert.Equal(3, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DedupKey!.StartsWith($"sesion:{session.Id}:"))));
    }

    [Fact]
    public async Task A_session_recorded_after_the_fact_or_without_a_cohort_tells_nobody()
    {
        var w = await CohortAsync();
        var past = await CreateAsync(w, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3));
        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RescheduleAsync(past.Id,
            new ScheduleInput { Date = past.Date.AddDays(-1), Place = "Sala 2" }, default)));
        Assert.Empty(await SessionMailAsync(w.Tag));
        Assert.Equal(1, await App.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == past.Id).Select(s => s.Sequence).SingleAsync()));

        var errors = await App.WithScopeAsync(async sp => (await sp.GetRequiredService<InPersonTraining>().CreateSessionAsync(new SessionInput
        {
            CourseId = w.CourseId, Date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2), Hours = 2, TutorName = "T",
            StartTime = new TimeOnly(10, 0), EndTime = new TimeOnly(9, 0),
        }, default)).Errors);
        Assert.Equal(["La hora de fin debe ser posterior a la de inicio."], errors);
    }

    [Fact]
    public async Task The_calendar_feed_is_shown_once_stored_as_its_sha256_renewed_and_revoked_from_the_account_page()
    {
        var w = await CohortAsync();
        var session = await CreateAsync(w, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5), new TimeOnly(8, 0), new TimeOnly(10, 0), "Sala de juntas");
        var userName = $"{w.Tag}@scari.test";
        var user = await App.CreateUserAsync(userName, Roles.Aprendiz);
        await App.LinkAsync(user.Id, u => u.PersonId = w.Adult);
        var client = await App.SignedInClientAsync(userName);

        var created = await client.PostFormAsync("/cuenta/calendario", [], formAction: "/cuenta/calendario?handler=Renovar");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var url = FormPosting.Parse(await created.Content.ReadAsStringAsync()).GetElementById("direccion-calendario")!.TextContent;
        Assert.StartsWith("https://scari.test/calendario/", url);
        var token = url["https://scari.test/calendario/".Length..^".ics".Length];
        // Only the hash is stored, and the page never shows the address again.
        var stored = await App.WithDbAsync(db => db.CalendarFeeds.Where(f => f.PersonId == w.Adult).Select(f => f.TokenHash).SingleAsync());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored);
        Assert.DoesNotContain(token, await client.GetStringAsync("/cuenta/calendario"));

        var anonymous = App.CreateClient();
        var feed = await anonymous.GetAsync($"/calendario/{token}.ics");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        var calendar = Ical.Net.Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        Assert.Equal("PUBLISH", calendar.Method);
        var e = SingleEvent(calendar);
        Assert.Equal(($"scari-sesion-{session.Id}@scari.test", "Sala de juntas", "CONFIRMED"), (e.Uid, e.Location, e.Status));

        // Renewing: the old address stops, the new one works.
        var renewed = await client.PostFormAsync("/cuenta/calendario", [], formAction: "/cuenta/calendario?handler=Renovar");
        var newUrl = FormPosting.Parse(await renewed.Content.ReadAsStringAsync()).GetElementById("direccion-calendario")!.TextContent;
        Assert.NotEqual(url, newUrl);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendario/{token}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(newUrl).PathAndQuery)).StatusCode);

        // Revoking: nothing answers any more.
        var revoked = await client.PostFormAsync("/cuenta/calendario", [], formAction: "/cuenta/calendario?handler=Revocar");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(newUrl).PathAndQuery)).StatusCode);
        Assert.False(await App.WithDbAsync(db => db.CalendarFeeds.AnyAsync(f => f.PersonId == w.Adult)));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendario/{new string('x', 43)}.ics")).StatusCode);
    }

    [Fact]
    public async Task A_subscribed_calendar_sees_a_moved_session_at_its_new_time_with_a_higher_sequence_and_last_modified_and_a_cancelled_one_as_cancelled()
    {
        var w = await CohortAsync();
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var session = await CreateAsync(w, date, new TimeOnly(9, 0), new TimeOnly(11, 0), "Sala 1");
        var token = await App.WithAsync<string, CalendarFeeds>(f => f.RenewAsync(w.Adult, default));
        var anonymous = App.CreateClient();
        async Task<(CalendarEvent Event, TrainingSession Stored)> FeedAsync()
        {
            var calendar = Ical.Net.Calendar.Load(await anonymous.GetStringAsync($"/calendario/{token}.ics"))!;
            var stored = await App.WithDbAsync(db => db.TrainingSessions.AsNoTracking().SingleAsync(s => s.Id == session.Id));
            return (Assert.Single(calendar.Events, e => e.Uid == $"scari-sesion-{session.Id}@scari.test"), stored);
        }
        static DateTime Second(DateTime utc) => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

        var (first, created) = await FeedAsync();
        Assert.Equal((0, "CONFIRMED", new TimeOnly(9, 0), "Sala 1"), (first.Sequence, first.Status, first.DtStart!.Time!.Value, first.Location));
        Assert.Equal(Second(created.CreatedUtc), first.LastModified!.AsUtc);
        Assert.Equal(Second(created.CreatedUtc), first.Created!.AsUtc);

        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.RescheduleAsync(session.Id,
            new ScheduleInput { Date = date.AddDays(1), StartTime = new TimeOnly(14, 0), EndTime = new TimeOnly(16, 0), Place = "Sala 2" }, default)));
        var (moved, afterMove) = await FeedAsync();
        Assert.Equal((1, "CONFIRMED", "Sala 2"), (moved.Sequence, moved.Status, moved.Location));
        Assert.Equal((date.AddDays(1), new TimeOnly(14, 0), new TimeOnly(16, 0)), (moved.DtStart!.Date, moved.DtStart.Time!.Value, moved.DtEnd!.Time!.Value));
        Assert.NotNull(afterMove.ScheduleChangedUtc);
        Assert.Equal(Second(afterMove.ScheduleChangedUtc!.Value), moved.LastModified!.AsUtc);
        Assert.True(moved.LastModified.AsUtc >= first.LastModified.AsUtc);
        Assert.Equal(Second(created.CreatedUtc), moved.Created!.AsUtc);
        // The notice that went with the change carries the same event: same UID, the same higher SEQUENCE, the new time.
        var notice = SingleEvent(Ical.Net.Calendar.Load((await SessionMailAsync(w.Tag))[^1].CalendarIcs!)!);
        Assert.Equal((moved.Uid, moved.Sequence, moved.DtStart.AsUtc), (notice.Uid, notice.Sequence, notice.DtStart!.AsUtc));

        Assert.Empty(await App.WithAsync<List<string>, InPersonTraining>(t => t.CancelAsync(session.Id, default)));
        var (cancelled, afterCancel) = await FeedAsync();
        Assert.Equal((2, "CANCELLED"), (cancelled.Sequence, cancelled.Status));
        Assert.Equal(Second(afterCancel.CancelledUtc!.Value), cancelled.LastModified!.AsUtc);
        // Transactional: about a session the person already has, so no unsubscribe link and no List-Unsubscribe.
        Assert.All(await SessionMailAsync(w.Tag), m => Assert.Null(m.UnsubscribeUrl));
        var cancelNotice = Ical.Net.Calendar.Load((await SessionMailAsync(w.Tag))[^1].CalendarIcs!)!;
        Assert.Equal(("CANCEL", 2, "CANCELLED"), (cancelNotice.Method, SingleEvent(cancelNotice).Sequence, SingleEvent(cancelNotice).Status));
    }

    [Fact]
    public async Task A_tutor_schedules_and_moves_a_session_of_their_cohort_through_the_pages_and_cannot_invite_another_cohort()
    {
        var w = await CohortAsync();
        var tutorName = $"tutor.{w.Tag}@scari.test";
        var tutor = await App.CreateUserAsync(tutorName, Roles.Tutor);
        await App.WithDbAsync(db => db.Cohorts.Where(c => c.Id == w.CohortId).ExecuteUpdateAsync(u => u.SetProperty(c => c.TutorUserId, tutor.Id)));
        var other = await CohortAsync();
        var client = await App.SignedInClientAsync(tutorName);
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(12).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Dictionary<string, string> Fields(int cohort) => new()
        {
            ["Input.CourseId"] = w.CourseId, ["Input.Date"] = date, ["Input.Hours"] = "3", ["Input.TutorName"] = "Tutor de la cohorte",
            ["Input.StartTime"] = "09:00", ["Input.EndTime"] = "11:30", ["Input.Place"] = "Aula 4",
            ["Input.CohortId"] = cohort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        var refused = await client.PostFormAsync("/admin/formacion-presencial", Fields(other.CohortId), formAction: "/admin/formacion-presencial");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("solo puede invitar a las cohortes que usted sigue", await refused.Content.ReadAsStringAsync());
        Assert.Empty(await SessionMailAsync(other.Tag));

        var created = await client.PostFormAsync("/admin/formacion-presencial", Fields(w.CohortId), formAction: "/admin/formacion-presencial");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var id = int.Parse(url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var session = await App.WithDbAsync(db => db.TrainingSessions.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(11, 30), "Aula 4", w.CohortId, 0), (session.StartTime, session.EndTime, session.Place, session.CohortId, session.Sequence));
        Assert.Single(await SessionMailAsync(w.Tag));
        var page = await client.GetStringAsync(url);
        Assert.Contains("Aula 4", page);
        Assert.Contains(w.Tag, page); // the invited cohort's name

        var moved = await client.PostFormAsync(url, new() { ["Schedule.Date"] = date, ["Schedule.StartTime"] = "10:00", ["Schedule.EndTime"] = "12:00", ["Schedule.Place"] = "Aula 5" },
            formAction: $"{url}?handler=Programar");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var mail = await SessionMailAsync(w.Tag);
        Assert.Equal(2, mail.Count);
        Assert.Contains("el lugar es ahora Aula 5", mail[1].TextBody);
        Assert.Equal(1, await App.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == id).Select(s => s.Sequence).SingleAsync()));

        var cancelled = await client.PostFormAsync(url, [], formAction: $"{url}?handler=Cancelar");
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Equal(3, (await SessionMailAsync(w.Tag)).Count);
        Assert.Contains("cancelada el", await client.GetStringAsync(url));
    }
}
