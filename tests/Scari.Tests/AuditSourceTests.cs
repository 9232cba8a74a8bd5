using System.Text.RegularExpressions;

namespace Scari.Tests;

public sealed class AuditSourceTests
{
    /// <summary>The audit log is append-only: no code path updates or deletes its rows in bulk either.</summary>
    [Fact]
    public void No_code_updates_or_deletes_audit_entries()
    {
        var src = Path.Combine(FindRoot(), "src");
        var offending = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.EndsWith(Path.Combine("Admin", "AuditLog.cs"), StringComparison.Ordinal))
            .Where(f => Regex.IsMatch(File.ReadAllText(f), @"AuditEntries[^;]*\.(ExecuteUpdate|ExecuteDelete|Remove|RemoveRange|Update|UpdateRange)\b|DELETE\s+FROM\s+""?AuditEntries|UPDATE\s+""?AuditEntries", RegexOptions.IgnoreCase))
            .ToList();
        Assert.Empty(offending);

        // AuditLog itself rewrites only in RedactPersonalDataAsync (anonymization, Ley 1581), and never deletes.
        var auditLog = File.ReadAllText(Path.Combine(src, "Scari.Web", "Features", "Admin", "AuditLog.cs"));
        Assert.DoesNotContain("ExecuteDelete", auditLog);
        Assert.DoesNotContain(".Remove(", auditLog);
        var redaction = auditLog[auditLog.IndexOf("RedactPersonalDataAsync", StringComparison.Ordinal)..];
        Assert.Equal(Regex.Matches(auditLog, "ExecuteUpdate").Count, Regex.Matches(redaction, "ExecuteUpdate").Count);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Scari.sln"))) return dir.FullName;
        throw new InvalidOperationException("No se encontró Scari.sln.");
    }
}
