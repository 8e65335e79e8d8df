using Ariadne.Server.Artifacts;

namespace Ariadne.Tests.Server;

/// <summary>The per-hash gate of chunked uploads: one writer per object at a time, and no entry left behind per object.</summary>
public sealed class KeyedGateTests
{
    [Fact]
    public async Task Callers_with_one_key_take_turns_and_other_keys_pass()
    {
        var gate = new KeyedGate();
        var first = await gate.EnterAsync("a", CancellationToken.None);

        var second = gate.EnterAsync("a", CancellationToken.None);
        var other = await gate.EnterAsync("b", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(100);
        Assert.False(second.IsCompleted); // 'a' is held
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        other.Dispose();

        Assert.Equal(0, gate.Count);
    }

    [Fact]
    public async Task A_server_that_saw_many_objects_keeps_no_entry_for_them()
    {
        var gate = new KeyedGate();
        await Parallel.ForAsync(0, 10_000, async (i, ct) =>
        {
            using (await gate.EnterAsync($"object-{i % 500}", ct))
            {
                await Task.Yield();
            }
        });

        Assert.Equal(0, gate.Count);
    }

    [Fact]
    public async Task A_caller_that_gives_up_waiting_leaves_no_entry_and_does_not_block_the_key()
    {
        var gate = new KeyedGate();
        var held = await gate.EnterAsync("a", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = gate.EnterAsync("a", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();

        Assert.Equal(0, gate.Count);
        (await gate.EnterAsync("a", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        Assert.Equal(0, gate.Count);
    }
}
