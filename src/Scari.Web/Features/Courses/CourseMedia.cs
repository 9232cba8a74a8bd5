using Microsoft.Net.Http.Headers;
using Scari.Web.Content;

namespace Scari.Web.Features.Courses;

/// <summary>
/// Serves /cursos/{curso}/media/{**archivo} from the course's media/ folder, with ETag and cache headers. Only images,
/// each with a policy that sandboxes it: an SVG opened directly cannot run script or load anything, even if one slipped
/// past <c>content check</c> (which refuses them).
/// </summary>
public static class CourseMedia
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif",
        [".webp"] = "image/webp", [".svg"] = "image/svg+xml",
    };

    public static IEndpointRouteBuilder MapCourseMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cursos/{curso}/media/{**archivo}", Serve);
        return app;
    }

    private static IResult Serve(string curso, string archivo, CourseCatalog catalog, HttpContext http)
    {
        if (catalog.Find(curso) is not { } course || Resolve(course, archivo) is not { } file
            || !ContentTypes.TryGetValue(file.Extension, out var contentType))
            return Results.NotFound();
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        var etag = new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"");
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.File(file.FullName, contentType, lastModified: file.LastWriteTimeUtc, entityTag: etag);
    }

    /// <summary>The file under the course's media/ folder, or null for anything outside it (../, absolute paths) or missing.</summary>
    internal static FileInfo? Resolve(Course course, string relative)
    {
        var media = Path.GetFullPath(Path.Combine(course.FolderPath, "media")) + Path.DirectorySeparatorChar;
        if (relative.Contains('\0') || Path.IsPathRooted(relative)) return null;
        var full = Path.GetFullPath(Path.Combine(media, relative));
        if (!full.StartsWith(media, StringComparison.Ordinal)) return null;
        var file = new FileInfo(full);
        return file.Exists && !file.Attributes.HasFlag(FileAttributes.Hidden) ? file : null;
    }
}
