using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Features.Courses;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Enrollment;

public enum EnrollmentSource { Self, Staff, Cohort, Import }

/// <summary>A person taking a course. At most one enrollment per person and course is not withdrawn (a filtered unique index).</summary>
public sealed class Enrollment
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public string CourseId { get; set; } = "";
    public int CourseVersionId { get; set; }
    public CourseVersion CourseVersion { get; set; } = null!;
    public int? CohortId { get; set; }
    public Cohort? Cohort { get; set; }
    public EnrollmentSource Source { get; set; }
    public string? EnrolledByUserId { get; set; }
    public DateTime EnrolledUtc { get; set; }
    public DateTime? CompletedUtc { get; set; }
    public DateTime? WithdrawnUtc { get; set; }
    /// <summary>The lesson the learner last opened, to resume there.</summary>
    public string? LastLessonId { get; set; }
}

/// <summary>A named group taking one course together, e.g. "SIGOB marzo 2022" or "Colegio X 10A 2026".</summary>
public sealed class Cohort
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string CourseId { get; set; } = "";
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public string? TutorUserId { get; set; }
    /// <summary>The colegio or dependencia the cohort belongs to: scopes which coordinators see it.</summary>
    public int? ColegioId { get; set; }
    public int? DependenciaId { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>Reminders for this cohort, in days; null follows the course (curso.md <c>reminders</c>), 0 switches it off.</summary>
    public int? RemindNotStartedDays { get; set; }
    public int? RemindStalledDays { get; set; }
    public int? RemindClosingDays { get; set; }
}

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    /// <summary>One active (not withdrawn) enrollment per person and course.</summary>
    public const string OneActiveIndex = "IX_Enrollments_OneActive";

    public void Configure(EntityTypeBuilder<Enrollment> e)
    {
        e.Property(x => x.CourseId).HasMaxLength(80);
        e.Property(x => x.Source).HasConversion<string>().HasMaxLength(10);
        e.Property(x => x.LastLessonId).HasMaxLength(120);
        e.HasIndex(x => new { x.PersonId, x.CourseId }).IsUnique()
            .HasFilter("\"WithdrawnUtc\" IS NULL").HasDatabaseName(OneActiveIndex);
        e.HasOne(x => x.Person).WithMany().OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.CourseVersion).WithMany().OnDelete(DeleteBehavior.Restrict);
        e.HasOne(x => x.Cohort).WithMany().OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class CohortConfiguration : IEntityTypeConfiguration<Cohort>
{
    public void Configure(EntityTypeBuilder<Cohort> c)
    {
        c.Property(x => x.Name).HasMaxLength(150);
        c.Property(x => x.CourseId).HasMaxLength(80);
        c.HasIndex(x => x.Name).IsUnique();
    }
}
