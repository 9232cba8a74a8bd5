namespace Scari.Testing;

/// <summary>A class fixture that owns a running app, on PostgreSQL or on SQLite: lets one test class run on both.</summary>
public interface IAppFixture
{
    ScariAppFactory App { get; }
}
