using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

public enum OutlineItemKind { Lesson, Quiz }

public sealed record OutlineItem(string Id, string Title, OutlineItemKind Kind, string ModuleTitle);

/// <summary>The lessons and quizzes of one stored course version, in reading order (from CourseVersion.OutlineJson).</summary>
public sealed class CourseOutline
{
    public static readonly CourseOutline Empty = new([]);

    public CourseOutline(IReadOnlyList<OutlineItem> items) => Items = items;

    public IReadOnlyList<OutlineItem> Items { get; }
    public IEnumerable<OutlineItem> Lessons => Items.Where(i => i.Kind == OutlineItemKind.Lesson);
    public IEnumerable<OutlineItem> Quizzes => Items.Where(i => i.Kind == OutlineItemKind.Quiz);
    public OutlineItem? Find(string id) => Items.FirstOrDefault(i => i.Id == id);

    public static CourseOutline Parse(string json)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        var items = new List<OutlineItem>();
        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("modules", out var modules))
            foreach (var module in modules.EnumerateArray())
            {
                var moduleTitle = Text(module, "title");
                if (!module.TryGetProperty("items", out var moduleItems)) continue;
                foreach (var item in moduleItems.EnumerateArray())
                {
                    var kind = Text(item, "type") is "quiz" ? OutlineItemKind.Quiz : OutlineItemKind.Lesson;
                    items.Add(new OutlineItem(Text(item, "id"), Text(item, "title"), kind, moduleTitle));
                }
            }
        return new CourseOutline(items);
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}

/// <summary>Outlines by CourseVersion id. A stored version never changes (new content makes a new row), so caching is safe.</summary>
public sealed class CourseOutlines(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<int, CourseOutline> _cache = new();

    public async Task<CourseOutline> GetAsync(int courseVersionId, CancellationToken ct)
    {
        if (_cache.TryGetValue(courseVersionId, out var known)) return known;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
        var json = await db.CourseVersions.AsNoTracking().Where(v => v.Id == courseVersionId)
            .Select(v => v.OutlineJson).SingleOrDefaultAsync(ct);
        if (json is null) return CourseOutline.Empty;
        return _cache.GetOrAdd(courseVersionId, CourseOutline.Parse(json));
    }
}

/// <summary>Items done out of the items of a course version.</summary>
public readonly record struct ProgressFigure(int Done, int Total)
{
    public int Percent => Total == 0 ? 0 : Math.Min(100, Done * 100 / Total);
    public string Label => $"{Math.Min(Done, Total)} de {Total}";
}
