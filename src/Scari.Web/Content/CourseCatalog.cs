using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Courses;

namespace Scari.Web.Content;

/// <summary>
/// The courses being served. Loads content/ at start and on <see cref="ReloadAsync"/>: a course with problems is
/// refused and its last good version keeps being served; every version served is stored as a CourseVersion row.
/// Reads are lock-free (one immutable snapshot swapped on reload).
/// </summary>
public sealed class CourseCatalog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CourseCatalog> logger, string contentDirectory)
{
    private sealed record Snapshot(
        ScariSettings Settings,
        IReadOnlyList<Course> Courses,
        IReadOnlyDictionary<string, Course> ById,
        IReadOnlyList<ContentProblem> Problems,
        IReadOnlyList<string> RefusedCourses,
        DateTime? LoadedUtc,
        LessonSearch Search);

    private static readonly Snapshot Empty = new(ScariSettings.Empty, [], new Dictionary<string, Course>(), [], [], null, LessonSearch.Empty);
    private volatile Snapshot _current = Empty;
    private readonly SemaphoreSlim _reloading = new(1, 1);

    public string ContentDirectory { get; } = contentDirectory;
    public ScariSettings Settings => _current.Settings;
    /// <summary>Served courses, by title.</summary>
    public IReadOnlyList<Course> Courses => _current.Courses;
    /// <summary>Every problem of the last load (of served and refused content alike).</summary>
    public IReadOnlyList<ContentProblem> Problems => _current.Problems;
    /// <summary>Courses whose files on disk have problems in the last load (the last good version, if any, is served).</summary>
    public IReadOnlyList<string> RefusedCourses => _current.RefusedCourses;
    public DateTime? LastLoadUtc => _current.LoadedUtc;
    /// <summary>The full-text index of the served courses and their lessons, built with each load.</summary>
    public LessonSearch Search => _current.Search;

    public Course? Find(string courseId) => _current.ById.GetValueOrDefault(courseId);

    public CourseItem? FindItem(string courseId, string itemId) => Find(courseId)?.FindItem(itemId);

    public async Task ReloadAsync(CancellationToken ct)
    {
        await _reloading.WaitAsync(ct);
        try
        {
            var previous = _current;
            var byFolder = previous.Courses.ToDictionary(c => Path.GetFileName(c.FolderPath), StringComparer.Ordinal);
            var result = ContentLoader.Load(ContentDirectory, clock.GetUtcNow().UtcDateTime,
                reuse: (folder, hash) => byFolder.TryGetValue(folder, out var c) && c.ContentHash == hash ? c : null,
                lastGoodSettings: previous.LoadedUtc is null ? null : previous.Settings);

            var courses = result.Courses.ToList();
            foreach (var refused in result.RefusedCourses)
                if (previous.ById.TryGetValue(refused, out var lastGood) && courses.All(c => c.Id != refused))
                    courses.Add(lastGood);
            courses.Sort((a, b) => string.Compare(a.Title, b.Title, Bogota.Culture, System.Globalization.CompareOptions.IgnoreCase));

            await StoreVersionsAsync(courses.Where(c => c.VersionId == 0).ToList(), ct);

            foreach (var problem in result.Problems)
                logger.LogWarning("Contenido: {Problem}", problem.ToString());
            var settings = result.SettingsValid || previous.LoadedUtc is null ? result.Settings : previous.Settings;
            _current = new Snapshot(settings, courses, courses.ToDictionary(c => c.Id, StringComparer.Ordinal),
                result.Problems, result.RefusedCourses, clock.GetUtcNow().UtcDateTime, LessonSearch.Build(courses));
            logger.LogInformation("Contenido cargado: {Courses} cursos servidos, {Problems} problemas.", courses.Count, result.Problems.Count);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>
    /// Stores the versions not stored yet. When the database cannot be reached the content is still served, the
    /// error is logged and the next reload tries again (VersionId stays 0 meanwhile).
    /// </summary>
    private async Task StoreVersionsAsync(List<Course> courses, CancellationToken ct)
    {
        if (courses.Count == 0) return;
        await using (var scope = scopes.CreateAsyncScope())
        {
            if (!await scope.ServiceProvider.GetRequiredService<ScariDbContext>().Database.CanConnectAsync(ct))
            {
                logger.LogError("No se pudo conectar con la base de datos: las versiones de {Count} cursos se guardarán en la próxima recarga.", courses.Count);
                return;
            }
        }
        foreach (var course in courses)
        {
            try
            {
                course.VersionId = await StoreVersionAsync(course, ct);
            }
            catch (Exception ex) when (ex is DbUpdateException or DbException or InvalidOperationException)
            {
                logger.LogError(ex, "No se pudo guardar la versión del curso {Course}; se reintentará en la próxima recarga.", course.Id);
            }
        }
    }

    /// <summary>
    /// Finds or inserts the row of this (course, content hash) and makes it the one current version. Instances that
    /// start together race on the unique indexes; the loser of a race reads again.
    /// </summary>
    private async Task<int> StoreVersionAsync(Course course, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
            try
            {
                var row = await db.CourseVersions.AsNoTracking()
                    .Where(v => v.CourseId == course.Id && v.ContentHash == course.ContentHash)
                    .Select(v => new { v.Id, v.IsCurrent })
                    .FirstOrDefaultAsync(ct);
                int id;
                if (row is null)
                {
                    var version = NewVersion(course);
                    db.CourseVersions.Add(version);
                    scope.ServiceProvider.GetRequiredService<AuditLog>().Record("content.version.stored", "Course", course.Id,
                        $"versión {course.Version}, hash {course.ContentHash[..12]}");
                    await db.SaveChangesAsync(ct);
                    id = version.Id;
                }
                else if (row.IsCurrent) return row.Id;
                else id = row.Id;

                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.CourseVersions.Where(v => v.CourseId == course.Id && v.IsCurrent && v.Id != id)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsCurrent, false), ct);
                await db.CourseVersions.Where(v => v.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsCurrent, true), ct);
                await tx.CommitAsync(ct);
                return id;
            }
            catch (Exception ex) when (ex is DbUpdateException or DbException && attempt < 5)
            {
                logger.LogInformation("Otra instancia guardó la versión de {Course} al mismo tiempo; se lee de nuevo.", course.Id);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
            }
        }
    }

    private CourseVersion NewVersion(Course course) => new()
    {
        CourseId = course.Id,
        Version = course.Version,
        ContentHash = course.ContentHash,
        Title = course.Title,
        Audience = course.Audience,
        Hours = course.Hours,
        IndicatorId = course.IndicatorId,
        PassScore = course.PassScore,
        OutlineJson = JsonSerializer.Serialize(new
        {
            modules = course.Modules.Select(m => new
            {
                id = m.Id,
                title = m.Title,
                items = m.Items.Select(i => new { id = i.Id, title = i.Title, type = i is Quiz ? "quiz" : "lesson" }),
            }),
        }),
        LoadedUtc = clock.GetUtcNow().UtcDateTime,
        IsCurrent = false,
    };
}

public static class ContentSetup
{
    /// <summary>Registers the <see cref="CourseCatalog"/> over the configured content folder (<c>Scari:ContentDirectory</c>).</summary>
    public static IServiceCollection AddScariContent(this IServiceCollection services)
    {
        services.AddSingleton(sp => new CourseCatalog(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CourseCatalog>>(),
            ScariPaths.ContentDirectory(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>())));
        return services;
    }

    /// <summary>Loads content/ once at start (after migrations), storing each course version.</summary>
    public static Task LoadScariContentAsync(this WebApplication app) =>
        app.Services.GetRequiredService<CourseCatalog>().ReloadAsync(app.Lifetime.ApplicationStopping);
}
