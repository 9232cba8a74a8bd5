using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Content;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

/// <summary>
/// One check of a Python exercise's output (formative practice): whether it matched, never what was printed. Completion
/// of a lesson or a course never waits for it.
/// </summary>
public sealed class ExerciseAttempt
{
    public long Id { get; set; }
    public int EnrollmentId { get; set; }
    public string LessonId { get; set; } = "";
    public string ExerciseId { get; set; } = "";
    public bool Correct { get; set; }
    public DateTime AttemptedUtc { get; set; }
}

internal sealed class ExerciseAttemptConfiguration : IEntityTypeConfiguration<ExerciseAttempt>
{
    public void Configure(EntityTypeBuilder<ExerciseAttempt> a)
    {
        a.Property(x => x.LessonId).HasMaxLength(120);
        a.Property(x => x.ExerciseId).HasMaxLength(80);
        a.HasIndex(x => new { x.EnrollmentId, x.LessonId, x.ExerciseId });
        a.HasOne<Enrollment.Enrollment>().WithMany().HasForeignKey(x => x.EnrollmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed record ExerciseVerdict(bool Correct, bool Recorded)
{
    public string Message => Correct ? "Correcto" : "Aún no coincide";
    public string Detail => (Correct
        ? "Su programa imprime lo que pide el ejercicio."
        : "Compare lo que imprime su programa con lo que pide el ejercicio, corríjalo y vuelva a ejecutarlo.")
        + (Recorded ? " Quedó en su práctica." : " Inscríbase en el curso para que su práctica quede registrada.");
}

/// <summary>Compares a run's output with the exercise's expected output (on the server) and records the attempt.</summary>
public sealed class PythonPractice(ScariDbContext db, TimeProvider clock)
{
    /// <summary>Longest output compared: more than any exercise prints.</summary>
    public const int MaxOutputChars = 20_000;

    public async Task<ExerciseVerdict> CheckAsync(LearnerCourse? learner, Lesson lesson, PythonExercise exercise, string output, CancellationToken ct)
    {
        var correct = exercise.Matches(output);
        // Only for the version the learner is enrolled in, and only a lesson of it: a changed lesson records nothing.
        if (learner is null || learner.Outline.Find(lesson.Id) is not { Kind: OutlineItemKind.Lesson }) return new(correct, false);
        db.ExerciseAttempts.Add(new ExerciseAttempt
        {
            EnrollmentId = learner.EnrollmentId,
            LessonId = lesson.Id,
            ExerciseId = exercise.Id,
            Correct = correct,
            AttemptedUtc = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return new(correct, true);
    }

    /// <summary>How many of the lesson's current exercises the enrollment has solved at least once.</summary>
    public async Task<int> SolvedAsync(int enrollmentId, Lesson lesson, CancellationToken ct)
    {
        var ids = lesson.Exercises.Select(e => e.Id).ToList();
        return await db.ExerciseAttempts.AsNoTracking()
            .Where(a => a.EnrollmentId == enrollmentId && a.LessonId == lesson.Id && a.Correct && ids.Contains(a.ExerciseId))
            .Select(a => a.ExerciseId).Distinct().CountAsync(ct);
    }
}
