using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Scari.Web.Features.Shared;

/// <summary>One page of a staff list: the rows, the total counted in SQL, and the page shown (clamped to 1..Pages).</summary>
public sealed record Paged<T>(IReadOnlyList<T> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Paging.PageCount(Total, PageSize);
}

/// <summary>The model of the shared pager partial (_Pager.cshtml): "Anterior", "Página N de M · T en total", "Siguiente".</summary>
public sealed record Pager(int Page, int Pages, int Total, Func<int, string> Url, string Label = "Páginas");

/// <summary>Server-side paging: COUNT and OFFSET/LIMIT run in SQL; the query must already be ordered deterministically.</summary>
public static class Paging
{
    public const int PageSize = 50;

    // Written without total + pageSize, which overflows when an export asks for every row in one page (int.MaxValue).
    public static int PageCount(int total, int pageSize) => total <= 0 ? 1 : (total - 1) / pageSize + 1;

    public static async Task<(int Total, int Page, IQueryable<T> Slice)> SliceAsync<T>(this IOrderedQueryable<T> ordered, int page,
        CancellationToken ct, int pageSize = PageSize)
    {
        var total = await ordered.CountAsync(ct);
        var clamped = Math.Clamp(page, 1, PageCount(total, pageSize));
        return (total, clamped, ordered.Skip((clamped - 1) * pageSize).Take(pageSize));
    }

    /// <summary>One page of <paramref name="ordered"/>, projected by <paramref name="select"/> in SQL, with its total.</summary>
    public static async Task<Paged<TRow>> ToPageAsync<T, TRow>(this IOrderedQueryable<T> ordered, int page,
        Expression<Func<T, TRow>> select, CancellationToken ct, int pageSize = PageSize)
    {
        var (total, shown, slice) = await ordered.SliceAsync(page, ct, pageSize);
        return new Paged<TRow>(await slice.Select(select).ToListAsync(ct), total, shown, pageSize);
    }

    /// <summary>Appends (or replaces) one query-string parameter on a local URL.</summary>
    public static string WithParameter(string path, IEnumerable<KeyValuePair<string, string?>> query, string name, int value)
    {
        var parts = query.Where(kv => !string.IsNullOrEmpty(kv.Value) && !string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value!)}")
            .Append($"{name}={value}");
        return path + "?" + string.Join("&", parts);
    }
}
