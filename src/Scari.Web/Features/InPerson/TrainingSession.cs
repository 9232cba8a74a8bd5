using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.Web.Features.InPerson;

/// <summary>
/// An in-person training: a catalogue course given in a room, or a named external activity
/// (a workshop, a talk). Attendance that completes it becomes a <see cref="Completion"/> with Source = InPerson.
/// </summary>
public sealed class TrainingSession
{
    public int Id { get; set; }
    /// <summary>The catalogue course given, or null for an external activity.</summary>
    public string? CourseId { get; set; }
    /// <summary>The activity's name as people know it ("Taller de ciberseguridad").</summary>
    public string Name { get; set; } = "";
    /// <summary>What completions of this session carry as CourseId: the course id, or "actividad-" + a slug of the name.</summary>
    public string ActivityKey { get; set; } = "";
    public DateOnly Date { get; set; }
    public int Hours { get; set; }
    public string TutorName { get; set; } = "";
    public string? TutorUserId { get; set; }
    /// <summary>The indicator whose count this session's completions feed.</summary>
    public string? IndicatorId { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>Start and end in Bogotá's time, when scheduled ahead (a session recorded afterwards may have none).</summary>
    public TimeOnly? StartTime { get; set; }
    public TimeOnly? EndTime { get; set; }
    public string? Place { get; set; }
    /// <summary>The cohort whose members are invited: each active member with an e-mail, adult, gets the notices and .ics.</summary>
    public int? CohortId { get; set; }
    /// <summary>iCalendar SEQUENCE: 0 when scheduled, one more at each change of date, time or place and at cancellation.</summary>
    public int Sequence { get; set; }
    public DateTime? CancelledUtc { get; set; }
    /// <summary>When the date, time or place last changed or the session was cancelled (iCalendar LAST-MODIFIED; else CreatedUtc).</summary>
    public DateTime? ScheduleChangedUtc { get; set; }
}

/// <summary>
/// A person's private calendar address (/calendario/{token}.ics): only the SHA-256 of the token is stored, so the
/// address is shown once; the person revokes it or renews it (a new token, the old one stops working) at /cuenta/calendario.
/// </summary>
public sealed class CalendarFeed
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    /// <summary>Lower-case hex SHA-256 of the token's text.</summary>
    public string TokenHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> f)
    {
        f.Property(x => x.TokenHash).HasMaxLength(64);
        f.HasIndex(x => x.TokenHash).IsUnique();
        f.HasIndex(x => x.PersonId).IsUnique(); // one address per person: renewing replaces it
        f.HasOne<Person>().WithMany().HasForeignKey(x => x.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>One person at one session. Unique per session and person, so a repeated import changes nothing.</summary>
public sealed class Attendance
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public TrainingSession Session { get; set; } = null!;
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public bool Attended { get; set; }
    public bool Completed { get; set; }
    /// <summary>The completion this attendance produced (when Completed).</summary>
    public int? CompletionId { get; set; }
    public Completion? Completion { get; set; }
    public DateTime RecordedUtc { get; set; }
}

internal sealed class TrainingSessionConfiguration : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> s)
    {
        s.Property(x => x.CourseId).HasMaxLength(80);
        s.Property(x => x.Name).HasMaxLength(200);
        s.Property(x => x.ActivityKey).HasMaxLength(120);
        s.Property(x => x.TutorName).HasMaxLength(200);
        s.Property(x => x.TutorUserId).HasMaxLength(450);
        s.Property(x => x.IndicatorId).HasMaxLength(80);
        s.Property(x => x.Place).HasMaxLength(200);
        s.Property(x => x.Sequence).IsConcurrencyToken();
        s.HasOne<Enrollment.Cohort>().WithMany().HasForeignKey(x => x.CohortId).OnDelete(DeleteBehavior.SetNull);
        s.HasIndex(x => new { x.ActivityKey, x.Date });
        s.HasIndex(x => x.IndicatorId);
    }
}

internal sealed class AttendanceConfiguration : IEntityTypeConfiguration<Attendance>
{
    public void Configure(EntityTypeBuilder<Attendance> a)
    {
        a.HasIndex(x => new { x.SessionId, x.PersonId }).IsUnique();
        a.HasIndex(x => x.CompletionId).IsUnique();
        a.HasIndex(x => x.RecordedUtc);
        a.HasOne(x => x.Session).WithMany().OnDelete(DeleteBehavior.Cascade);
        a.HasOne(x => x.Person).WithMany().OnDelete(DeleteBehavior.Restrict);
        a.HasOne(x => x.Completion).WithMany().HasForeignKey(x => x.CompletionId).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>Indexes the indicator queries need on tables other features own (kept here, additive).</summary>
internal sealed class CompletionIndicatorIndexes : IEntityTypeConfiguration<Completion>
{
    public void Configure(EntityTypeBuilder<Completion> c)
    {
        // Covering index: the dashboard reads course, date, person and source without touching the table (PostgreSQL INCLUDE).
        c.HasIndex(x => new { x.CourseId, x.CompletedUtc }, "IX_Completions_Indicator")
            .IncludeProperties(x => new { x.PersonId, x.Source, x.Id });
    }
}

internal sealed class CertificateIndicatorIndexes : IEntityTypeConfiguration<Certificates.Certificate>
{
    public void Configure(EntityTypeBuilder<Certificates.Certificate> c)
    {
        // The few revoked certificates, read whole by the counting rule's anti-join and by the dashboard's data stamp.
        c.HasIndex(x => new { x.RevokedUtc, x.CompletionId }, "IX_Certificates_Revoked").HasFilter("\"RevokedUtc\" IS NOT NULL");
    }
}
