using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Ariadne.Tests.Support;

/// <summary>
/// The types a method's code touches, read from its IL: every member it calls, creates, loads or names, followed
/// through the methods it calls in the same assembly (helpers, lambdas, local functions, async and iterator state
/// machines). Calls through a virtual method reach the declared method only; overrides are the caller's to add.
/// </summary>
internal static class CodeReferences
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static HashSet<Type> TypesUsedBy(IEnumerable<MethodBase> roots)
    {
        var types = new HashSet<Type>();
        var seen = new HashSet<MethodBase>();
        var pending = new Stack<MethodBase>(roots);
        while (pending.TryPop(out var method))
        {
            if (!seen.Add(method))
            {
                continue;
            }

            foreach (var machine in method.GetCustomAttributes<StateMachineAttribute>())
            {
                foreach (var step in machine.StateMachineType.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    pending.Push(step);
                }
            }

            foreach (var member in Members(method))
            {
                Record(types, member);
                if (member is MethodBase called && called.Module.Assembly == method.Module.Assembly)
                {
                    pending.Push(called);
                }
            }
        }

        return types;
    }

    private static void Record(HashSet<Type> types, MemberInfo member)
    {
        if (member is Type type)
        {
            types.Add(type);
            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
            {
                Record(types, argument);
            }

            return;
        }

        if (member.DeclaringType is { } declaring)
        {
            Record(types, declaring);
        }

        if (member is MethodInfo { IsGenericMethod: true } generic)
        {
            foreach (var argument in generic.GetGenericArguments())
            {
                Record(types, argument);
            }
        }
    }

    private static IEnumerable<MemberInfo> Members(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } t ? t.GetGenericArguments() : null;
        var methodArguments = method is MethodInfo { IsGenericMethod: true } m ? m.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            var value = il[i] == 0xFE ? unchecked((short)(0xFE00 | il[i + 1])) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var opcode = OpCodesByValue[value];
            switch (opcode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var member = Resolve(method.Module, BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                    if (member is not null)
                    {
                        yield return member;
                    }

                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += OperandSize(opcode.OperandType);
                    break;
            }
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException or MissingMemberException)
        {
            return null; // a member of an assembly this process cannot load: not one of the test assembly's types
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
