using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Courses;

/// <summary>
/// One loaded version of a course from content/. A new row is stored whenever the course's content hash
/// changes, so progress, completions and certificates name the exact version a learner saw.
/// </summary>
public sealed class CourseVersion
{
    public int Id { get; set; }
    /// <summary>The course's stable slug (front matter <c>id</c>).</summary>
    public string CourseId { get; set; } = "";
    /// <summary>The front matter <c>version</c>.</summary>
    public string Version { get; set; } = "";
    /// <summary>SHA-256 (hex) over every file of the course, in path order.</summary>
    public string ContentHash { get; set; } = "";
    public string Title { get; set; } = "";
    /// <summary>Null means both audiences.</summary>
    public Audience? Audience { get; set; }
    public int Hours { get; set; }
    public string? IndicatorId { get; set; }
    public int PassScore { get; set; }
    /// <summary>The module, lesson and quiz ids and titles of this version, as JSON.</summary>
    public string OutlineJson { get; set; } = "{}";
    public DateTime LoadedUtc { get; set; }
    /// <summary>Exactly one version per course is current: the one served.</summary>
    public bool IsCurrent { get; set; }
}

internal sealed class CourseVersionConfiguration : IEntityTypeConfiguration<CourseVersion>
{
    public void Configure(EntityTypeBuilder<CourseVersion> v)
    {
        v.Property(x => x.CourseId).HasMaxLength(80);
        v.Property(x => x.Version).HasMaxLength(40);
        v.Property(x => x.ContentHash).HasMaxLength(64);
        v.Property(x => x.Title).HasMaxLength(300);
        v.Property(x => x.Audience).HasConversion<string>().HasMaxLength(8);
        v.Property(x => x.IndicatorId).HasMaxLength(80);
        v.HasIndex(x => new { x.CourseId, x.ContentHash }).IsUnique();
        v.HasIndex(x => x.CourseId).IsUnique().HasFilter("\"IsCurrent\"").HasDatabaseName("IX_CourseVersions_Current");
    }
}
