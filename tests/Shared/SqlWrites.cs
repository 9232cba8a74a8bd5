using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Scari.Testing;

/// <summary>
/// Every INSERT, UPDATE and DELETE statement (and the number of all commands) that EF Core executes in the current async
/// flow while <see cref="RecordAsync"/> runs (SaveChanges, ExecuteUpdate/Delete and raw SQL all pass through EF's command pipeline), by table: a write
/// counter for tests that assert what a piece of work writes. Call the service directly (not through HTTP: the test
/// server does not carry the test's async flow into the request).
/// </summary>
public sealed partial class SqlWrites
{
    private static readonly AsyncLocal<SqlWrites?> Current = new();

    /// <summary>
    /// EF Core remembers for this long (its default logging cache time) that nobody listens to command events, and the
    /// app's contexts are pooled, so a context used just before the subscription would not report its next commands:
    /// the recording starts once every context has checked again.
    /// </summary>
    public static readonly TimeSpan LoggingCacheTime = TimeSpan.FromSeconds(1.2);
    private readonly List<(string Verb, string Table)> _statements = [];
    /// <summary>When set, every command on this database is recorded, whatever flow runs it (requests through the test server included).</summary>
    private string? _database;
    private int _commands;
    private int _reads;

    /// <summary>Every command executed (reads included): for tests that assert a piece of work costs the same few round trips at any size.</summary>
    public int Commands => Volatile.Read(ref _commands);

    /// <summary>Commands that write nothing (queries).</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>The text of each read, for the message of a failed assertion.</summary>
    public IReadOnlyList<string> ReadTexts { get { lock (_readTexts) return [.. _readTexts]; } }
    private readonly List<string> _readTexts = [];

    /// <summary>Each write statement as (INSERT|UPDATE|DELETE, table), in order; a batch of several counts each.</summary>
    public IReadOnlyList<(string Verb, string Table)> Statements { get { lock (_statements) return [.. _statements]; } }

    public int Count(string verb, string table) => Statements.Count(s => s.Verb == verb && s.Table == table);

    public IReadOnlySet<string> Tables => Statements.Select(s => s.Table).ToHashSet();

    public static async Task<(T Result, SqlWrites Writes)> RecordAsync<T>(Func<Task<T>> work)
    {
        var writes = new SqlWrites();
        using var observer = new ListenerObserver(writes);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(observer);
        await Task.Delay(LoggingCacheTime);
        Current.Value = writes;
        try
        {
            return (await work(), writes);
        }
        finally
        {
            Current.Value = null;
        }
    }

    /// <summary>
    /// Records every command that any flow runs on <paramref name="database"/> (the fixture's own database, so tests of other
    /// classes running at the same time do not count) while <paramref name="work"/> runs: for HTTP requests, whose
    /// handlers run outside the test's async flow.
    /// </summary>
    public static async Task<(T Result, SqlWrites Writes)> RecordDatabaseAsync<T>(string database, Func<Task<T>> work)
    {
        var writes = new SqlWrites { _database = database };
        using var observer = new ListenerObserver(writes);
        using var subscription = DiagnosticListener.AllListeners.Subscribe(observer);
        await Task.Delay(LoggingCacheTime);
        return (await work(), writes);
    }

    private void Add(string sql)
    {
        Interlocked.Increment(ref _commands);
        var writes = WriteStatement().Matches(sql);
        if (writes.Count == 0)
        {
            Interlocked.Increment(ref _reads);
            lock (_readTexts) _readTexts.Add(sql);
        }
        foreach (Match m in writes)
            lock (_statements) _statements.Add((m.Groups["verb"].Value.ToUpperInvariant(), m.Groups["table"].Value));
    }

    [GeneratedRegex("""(?<verb>INSERT|UPDATE|DELETE)\s+(?:INTO\s+|FROM\s+)?"(?<table>[A-Za-z]+)"(?:\s+AS\s+"?\w+"?)?""", RegexOptions.IgnoreCase)]
    private static partial Regex WriteStatement();

    /// <summary>Records for its own <see cref="SqlWrites"/> only: two recordings at once (tests in parallel) each see every command.</summary>
    private sealed class ListenerObserver(SqlWrites writes) : IObserver<DiagnosticListener>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name != DbLoggerCategory.Name) return;
            lock (_subscriptions) _subscriptions.Add(listener.Subscribe(new CommandObserver(writes)));
        }
        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            lock (_subscriptions) foreach (var s in _subscriptions) s.Dispose();
        }
    }

    private sealed class CommandObserver(SqlWrites writes) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key == RelationalEventId.CommandExecuted.Name && e.Value is CommandExecutedEventData data
                && (writes._database is { } database ? data.Command.Connection?.Database == database : ReferenceEquals(Current.Value, writes)))
                writes.Add(data.Command.CommandText);
        }
        public void OnCompleted() { }
        public void OnError(Exception error) { }
    }
}
