using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Features.Courses;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Learning;

/// <summary>A lesson the learner finished, within one enrollment.</summary>
public sealed class LessonProgress
{
    public int EnrollmentId { get; set; }
    public string LessonId { get; set; } = "";
    public DateTime CompletedUtc { get; set; }
}

/// <summary>
/// One attempt at a quiz: started by «Comenzar evaluación» with its draw and order (<see cref="LayoutJson"/>), open until
/// submitted, then kept with its answers, score and time. Only submitted attempts count toward max_attempts and cooldown.
/// </summary>
public sealed class QuizAttempt
{
    public int Id { get; set; }
    public int EnrollmentId { get; set; }
    public string QuizId { get; set; } = "";
    /// <summary>Null for attempts stored before attempts were started explicitly.</summary>
    public DateTime? StartedUtc { get; set; }
    /// <summary>Null while the attempt is open.</summary>
    public DateTime? SubmittedUtc { get; set; }
    /// <summary>The <see cref="AttemptLayout"/> as JSON; null for attempts stored before layouts (every question, file order).</summary>
    public string? LayoutJson { get; set; }
    /// <summary>Percent, 0–100.</summary>
    public int Score { get; set; }
    public bool Passed { get; set; }
    /// <summary>Per shown question (the layout's order): the chosen option indexes of the file, or the text typed, as JSON.</summary>
    public string AnswersJson { get; set; } = "[]";
    /// <summary>The <see cref="Content.Quiz.Fingerprint"/> of the quiz as answered and graded.</summary>
    public string QuizFingerprint { get; set; } = "";
}

/// <summary>How the training was given: on line in SCARI (or, for an imported record, on line elsewhere), in person, or by an external provider.</summary>
public enum CompletionSource { Online, InPerson, External }

/// <summary>
/// A finished training: what the indicators count. Online completions come from an enrollment
/// (one each, unique); in-person ones from recorded attendance.
/// </summary>
public sealed class Completion
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    /// <summary>The course slug, or for an external in-person activity the activity's key.</summary>
    public string CourseId { get; set; } = "";
    public int? CourseVersionId { get; set; }
    public CourseVersion? CourseVersion { get; set; }
    public int? EnrollmentId { get; set; }
    public CompletionSource Source { get; set; }
    public DateTime CompletedUtc { get; set; }
    public int Hours { get; set; }
    /// <summary>
    /// Set by a merge of two records of one person (<see cref="People.PersonMerge"/>) on the later of two completions of the
    /// same course: kept, with its certificate still valid, but not counted again (it names this earlier completion).
    /// </summary>
    public int? DuplicateOfCompletionId { get; set; }
    /// <summary>
    /// Set when an administrator voids an in-person record entered by mistake (<see cref="InPerson.CompletionVoiding"/>): kept
    /// as a record, never counted again in a live figure; publications made before keep it (their files are frozen).
    /// </summary>
    public DateTime? VoidedUtc { get; set; }
    public string? VoidReason { get; set; }
    public string? VoidedByUserId { get; set; }
    /// <summary>When the record was last voided or restored: the dashboard's data stamp reads its maximum (a restore must recount too).</summary>
    public DateTime? VoidChangedUtc { get; set; }
    /// <summary>The history import that loaded this record (who, when, which file and its SHA-256); null for records made in SCARI.</summary>
    public int? ImportId { get; set; }
    /// <summary>For an imported record: the certificate number the other system gave, if any.</summary>
    public string? ExternalCertificate { get; set; }
    /// <summary>For an imported record: the file's note.</summary>
    public string? Note { get; set; }
    /// <summary>For an imported activity outside the catalogue: its name as the file wrote it (the record page and a certificate show it).</summary>
    public string? ActivityName { get; set; }
}

internal sealed class LessonProgressConfiguration : IEntityTypeConfiguration<LessonProgress>
{
    public void Configure(EntityTypeBuilder<LessonProgress> p)
    {
        p.HasKey(x => new { x.EnrollmentId, x.LessonId });
        p.Property(x => x.LessonId).HasMaxLength(120);
        p.HasOne<Enrollment.Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class QuizAttemptConfiguration : IEntityTypeConfiguration<QuizAttempt>
{
    public void Configure(EntityTypeBuilder<QuizAttempt> a)
    {
        a.Property(x => x.QuizId).HasMaxLength(120);
        a.Property(x => x.QuizFingerprint).HasMaxLength(64);
        a.HasIndex(x => new { x.EnrollmentId, x.QuizId });
        // One open attempt per learner and quiz: two tabs pressing «Comenzar evaluación» at once get the same one.
        a.HasIndex(x => new { x.EnrollmentId, x.QuizId }, "IX_QuizAttempts_Open").IsUnique().HasFilter("\"SubmittedUtc\" IS NULL");
        a.HasOne<Enrollment.Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CompletionConfiguration : IEntityTypeConfiguration<Completion>
{
    public void Configure(EntityTypeBuilder<Completion> c)
    {
        c.Property(x => x.CourseId).HasMaxLength(120);
        c.Property(x => x.Source).HasConversion<string>().HasMaxLength(10);
        c.HasIndex(x => x.EnrollmentId).IsUnique();
        c.HasIndex(x => new { x.CourseId, x.CompletedUtc });
        c.HasIndex(x => new { x.PersonId, x.CompletedUtc });
        c.HasOne(x => x.Person).WithMany().OnDelete(DeleteBehavior.Restrict);
        c.HasOne(x => x.CourseVersion).WithMany().OnDelete(DeleteBehavior.Restrict);
        c.HasOne<Enrollment.Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Restrict);
        c.HasOne<Completion>().WithMany().HasForeignKey(x => x.DuplicateOfCompletionId).OnDelete(DeleteBehavior.Restrict);
        c.Property(x => x.VoidReason).HasMaxLength(500);
        c.Property(x => x.VoidedByUserId).HasMaxLength(450);
        // The few voided or restored records, read by the dashboard's data stamp.
        c.HasIndex(x => x.VoidChangedUtc, "IX_Completions_VoidChanged").HasFilter("\"VoidChangedUtc\" IS NOT NULL");
        c.Property(x => x.ExternalCertificate).HasMaxLength(100);
        c.Property(x => x.Note).HasMaxLength(500);
        c.Property(x => x.ActivityName).HasMaxLength(200);
        c.HasOne<Indicators.CompletionImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Restrict);
        // One imported record per person, course or activity and day: re-importing the same file changes nothing.
        c.HasIndex(x => new { x.PersonId, x.CourseId, x.CompletedUtc }, "IX_Completions_Imported").IsUnique().HasFilter("\"ImportId\" IS NOT NULL");
    }
}
