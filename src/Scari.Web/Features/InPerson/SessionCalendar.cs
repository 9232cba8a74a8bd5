using System.Security.Cryptography;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.InPerson;

/// <summary>
/// In-person sessions as iCalendar (Ical.Net): the invitation sent with each notice (METHOD REQUEST, or CANCEL once
/// cancelled) and the person's feed (METHOD PUBLISH). One UID per session whatever the message, and SEQUENCE from the
/// session, so a calendar program updates the event it already has instead of adding another. Times in America/Bogota.
/// </summary>
public sealed class SessionCalendar(PublicLinks links)
{
    public const string TimeZoneId = "America/Bogota";

    public sealed record Invitee(string Email, string Name);

    public sealed record Organizer(string Email, string Name);

    /// <summary>Stable for the life of the session and the same in mail and feed: <c>scari-sesion-{id}@{host}</c>.</summary>
    public string Uid(int sessionId) => $"scari-sesion-{sessionId}@{Host}";

    private string Host => Uri.TryCreate(links.BaseUrl, UriKind.Absolute, out var uri) ? uri.Host : "scari.local";

    /// <summary>An invitation for one person: REQUEST while the session stands, CANCEL once it is cancelled.</summary>
    public string Invitation(TrainingSession session, Organizer organizer, Invitee invitee, DateTime nowUtc)
    {
        var calendar = NewCalendar(session.CancelledUtc is null ? "REQUEST" : "CANCEL");
        var e = Event(session, nowUtc);
        e.Organizer = new Ical.Net.DataTypes.Organizer($"mailto:{organizer.Email}") { CommonName = organizer.Name };
        e.Attendees.Add(new Attendee($"mailto:{invitee.Email}")
        {
            CommonName = invitee.Name, Role = "REQ-PARTICIPANT", ParticipationStatus = "NEEDS-ACTION", Rsvp = false,
        });
        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    /// <summary>A person's sessions for a calendar subscription; cancelled ones stay, marked CANCELLED, so clients remove them.</summary>
    public string Feed(string calendarName, IEnumerable<TrainingSession> sessions, DateTime nowUtc)
    {
        var calendar = NewCalendar("PUBLISH");
        calendar.AddProperty("X-WR-CALNAME", calendarName);
        calendar.AddProperty("X-WR-TIMEZONE", TimeZoneId);
        foreach (var s in sessions) calendar.Events.Add(Event(s, nowUtc));
        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static Ical.Net.Calendar NewCalendar(string method)
    {
        var calendar = new Ical.Net.Calendar { ProductId = "-//SCARI//Formacion presencial//ES", Method = method };
        calendar.AddTimeZone(new VTimeZone(TimeZoneId));
        return calendar;
    }

    private CalendarEvent Event(TrainingSession s, DateTime nowUtc)
    {
        var e = new CalendarEvent
        {
            Uid = Uid(s.Id),
            Sequence = s.Sequence,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), "UTC", true),
            Summary = s.Name,
            Description = $"Formación presencial. Tutor: {s.TutorName}. Horas certificables: {s.Hours}.",
            Status = s.CancelledUtc is null ? "CONFIRMED" : "CANCELLED",
            // With SEQUENCE, what makes a subscribed calendar replace the event it has when the session moves.
            Created = Utc(s.CreatedUtc),
            LastModified = Utc(s.ScheduleChangedUtc ?? s.CreatedUtc),
        };
        if (!string.IsNullOrWhiteSpace(s.Place)) e.Location = s.Place;
        if (s.StartTime is { } start && s.EndTime is { } end)
        {
            e.DtStart = new CalDateTime(s.Date, start, TimeZoneId);
            e.DtEnd = new CalDateTime(s.Date, end, TimeZoneId);
        }
        else
        {
            // No time given: an all-day event on the session's day.
            e.DtStart = new CalDateTime(s.Date);
            e.DtEnd = new CalDateTime(s.Date.AddDays(1));
        }
        return e;
    }

    private static CalDateTime Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc), "UTC", true);

    /// <summary>The SHA-256 (lower-case hex) a feed token is stored and looked up as.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new unguessable token: 32 random bytes, URL-safe base64 (43 characters).</summary>
    public static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The person's calendar address: created or renewed (shown once), revoked, and read by the feed endpoint.</summary>
public sealed class CalendarFeeds(ScariDbContext db, TimeProvider clock, Admin.AuditLog audit, SessionCalendar calendar, PublicLinks links)
{
    public string Url(string token) => links.Absolute($"/calendario/{token}.ics");

    public Task<DateTime?> CreatedAsync(int personId, CancellationToken ct) =>
        db.CalendarFeeds.AsNoTracking().Where(f => f.PersonId == personId).Select(f => (DateTime?)f.CreatedUtc).FirstOrDefaultAsync(ct);

    /// <summary>A new address for the person, replacing any earlier one (which stops working). Returns the token, shown once.</summary>
    public async Task<string> RenewAsync(int personId, CancellationToken ct)
    {
        var token = SessionCalendar.NewToken();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.CalendarFeeds.Where(f => f.PersonId == personId).ExecuteDeleteAsync(ct);
        db.CalendarFeeds.Add(new CalendarFeed { PersonId = personId, TokenHash = SessionCalendar.Hash(token), CreatedUtc = clock.GetUtcNow().UtcDateTime });
        audit.Record("calendar-feed.renewed", "Person", personId, "Nueva dirección de calendario (la anterior, si había, dejó de funcionar)");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return token;
    }

    public async Task<bool> RevokeAsync(int personId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.CalendarFeeds.Where(f => f.PersonId == personId).ExecuteDeleteAsync(ct);
        if (removed == 0) return false;
        audit.Record("calendar-feed.revoked", "Person", personId, "Dirección de calendario revocada");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// The feed of the token's person, or null for an unknown or revoked token (and for an anonymized person): the
    /// sessions of the cohorts where they have an active enrollment and those whose attendance list names them.
    /// </summary>
    public async Task<string?> FeedAsync(string token, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100) return null;
        var hash = SessionCalendar.Hash(token);
        var personId = await db.CalendarFeeds.AsNoTracking().Where(f => f.TokenHash == hash)
            .Where(f => db.People.Any(p => p.Id == f.PersonId && p.AnonymizedUtc == null))
            .Select(f => (int?)f.PersonId).FirstOrDefaultAsync(ct);
        if (personId is not { } id) return null;
        var cohorts = db.Enrollments.Where(e => e.PersonId == id && e.WithdrawnUtc == null && e.CohortId != null).Select(e => e.CohortId);
        var sessions = await db.TrainingSessions.AsNoTracking()
            .Where(s => cohorts.Contains(s.CohortId) || db.Attendances.Any(a => a.SessionId == s.Id && a.PersonId == id))
            .OrderBy(s => s.Date).ThenBy(s => s.Id).Take(500).ToListAsync(ct);
        return calendar.Feed("SCARI: formación presencial", sessions, clock.GetUtcNow().UtcDateTime);
    }
}

/// <summary>A session's date and time as people read it, in Spanish and Bogotá's time.</summary>
public static class SessionText
{
    public static string When(TrainingSession s)
    {
        var day = s.Date.ToString("dddd d 'de' MMMM 'de' yyyy", Bogota.Culture);
        return s.StartTime is { } start && s.EndTime is { } end
            ? $"{day}, de {Time(start)} a {Time(end)} (hora de Colombia)"
            : day;
    }

    public static string Time(TimeOnly t) => t.ToString("h:mm tt", Bogota.Culture);
}

public static class CalendarFeedEndpoint
{
    /// <summary>
    /// <c>GET /calendario/{token}.ics</c>: no sign-in (calendar programs cannot sign in); the unguessable token is the key.
    /// An unknown or revoked token answers 404, like an address that never existed.
    /// </summary>
    public static WebApplication MapScariCalendarFeeds(this WebApplication app)
    {
        app.MapGet("/calendario/{token}.ics", async (string token, CalendarFeeds feeds, HttpContext http, CancellationToken ct) =>
        {
            var ics = await feeds.FeedAsync(token, ct);
            if (ics is null) return Results.NotFound();
            http.Response.Headers.CacheControl = "private, no-cache";
            http.Response.Headers["X-Robots-Tag"] = "noindex";
            return Results.Text(ics, "text/calendar; charset=utf-8");
        }).AllowAnonymous();
        return app;
    }
}
