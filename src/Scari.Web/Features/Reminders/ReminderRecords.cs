using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Scari.Web.Features.Reminders;

/// <summary>
/// The days after which each reminder is due: a course's (curso.md <c>reminders</c>) unless its cohort says otherwise
/// (a cohort's 0 switches that reminder off for the cohort). Null: no such reminder.
/// </summary>
public sealed record ReminderRules(int? NotStartedDays, int? StalledDays, int? ClosingDays)
{
    public static readonly ReminderRules None = new(null, null, null);

    public bool Any => NotStartedDays is not null || StalledDays is not null || ClosingDays is not null;

    public static ReminderRules Effective(ReminderRules? course, int? cohortNotStarted, int? cohortStalled, int? cohortClosing)
    {
        course ??= None;
        return new(Pick(cohortNotStarted, course.NotStartedDays), Pick(cohortStalled, course.StalledDays), Pick(cohortClosing, course.ClosingDays));
    }

    private static int? Pick(int? cohort, int? course) => cohort is { } days ? (days > 0 ? days : null) : course;
}

/// <summary>The reminders, as stored in <see cref="ReminderSend.Kind"/> and in the outbox's kind.</summary>
public static class ReminderKinds
{
    public const string NotStarted = "no-inicia";
    public const string Stalled = "sin-avance";
    public const string Closing = "cierre";
    public const string Digest = "resumen";
}

/// <summary>
/// One reminder queued: unique per (kind, target, occurrence), so the same reminder never goes twice, whatever the
/// number of instances or restarts. Target is <c>inscripcion:{id}</c> or <c>coordinador:{userId}</c>; occurrence tells
/// repetitions apart (a stall is a new one after new progress; a digest is one per ISO week).
/// </summary>
public sealed class ReminderSend
{
    public long Id { get; set; }
    public string Kind { get; set; } = "";
    public string Target { get; set; } = "";
    public string Occurrence { get; set; } = "";
    public int? EnrollmentId { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>A lease on a periodic job: one instance at a time runs it (claimed with one conditional UPDATE, like the outbox).</summary>
public sealed class JobLease
{
    public const string Reminders = "recordatorios";
    /// <summary>The lease time of a job nobody holds: any clock is past it.</summary>
    public static readonly DateTime Released = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public string Name { get; set; } = "";
    public DateTime LeaseUntilUtc { get; set; }
    public Guid? Holder { get; set; }
    public DateTime? LastRunUtc { get; set; }
}

internal sealed class ReminderSendConfiguration : IEntityTypeConfiguration<ReminderSend>
{
    public const string OnceIndex = "IX_ReminderSends_Once";

    public void Configure(EntityTypeBuilder<ReminderSend> r)
    {
        r.Property(x => x.Kind).HasMaxLength(20);
        r.Property(x => x.Target).HasMaxLength(480);
        r.Property(x => x.Occurrence).HasMaxLength(40);
        r.HasIndex(x => new { x.Kind, x.Target, x.Occurrence }).IsUnique().HasDatabaseName(OnceIndex);
        r.HasIndex(x => x.EnrollmentId);
    }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> j)
    {
        j.HasKey(x => x.Name);
        j.Property(x => x.Name).HasMaxLength(60);
        j.HasData(new JobLease { Name = JobLease.Reminders, LeaseUntilUtc = JobLease.Released });
    }
}
