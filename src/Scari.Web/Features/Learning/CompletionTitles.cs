using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

/// <summary>A completion with the name it is shown under (<see cref="CompletionTitles.Titled"/>).</summary>
public sealed class TitledCompletion
{
    public Completion Completion { get; init; } = null!;
    public string Title { get; init; } = "";
}

public static class CompletionTitles
{
    /// <summary>
    /// The completions with the one name every list, record and certificate shows for them: the title of their course
    /// version; without one (in person, imported), the course's current title, else the activity's name as the history
    /// import gave it, else the name of a session of that activity, else the activity key. Composes into the query (SQL).
    /// </summary>
    public static IQueryable<TitledCompletion> Titled(this IQueryable<Completion> completions, ScariDbContext db) =>
        completions.Select(c => new TitledCompletion
        {
            Completion = c,
            Title = c.CourseVersion != null ? c.CourseVersion.Title
                : db.CourseVersions.Where(v => v.CourseId == c.CourseId && v.IsCurrent).Select(v => v.Title).FirstOrDefault()
                    ?? c.ActivityName
                    ?? db.TrainingSessions.Where(s => s.ActivityKey == c.CourseId).Select(s => s.Name).FirstOrDefault()
                    ?? c.CourseId,
        });
}
