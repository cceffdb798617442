import { Type } from '@sinclair/typebox';
import { ValidationError } from './domain-errors';
import { schemaPipe, validateBody } from './validate-body';

const Reply = Type.Object(
  {
    body: Type.String({ minLength: 1 }),
    public: Type.Boolean(),
    author: Type.Optional(Type.Object({ email: Type.String({ format: 'email' }) })),
    'a/b': Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);

function errorsOf(value: unknown): unknown {
  try {
    validateBody(Reply, value);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors;
  }
  throw new Error('expected a ValidationError');
}

describe('validateBody', () => {
  it('returns a valid value unchanged', () => {
    const value = { body: 'hello', public: true };
    expect(validateBody(Reply, value)).toBe(value);
  });

  it('reports every problem with a JSON Pointer path', () => {
    expect(errorsOf({ body: '', author: { email: 'not-an-email' }, extra: 1, 'a/b': 'x' })).toEqual([
      { path: '/public', message: 'is required' },
      { path: '/extra', message: 'is not allowed' },
      { path: '/body', message: 'must NOT have fewer than 1 characters' },
      { path: '/author/email', message: 'must match format "email"' },
      { path: '/a~1b', message: 'must be integer' },
    ]);
  });

  it('reports a body that is not an object at the root pointer', () => {
    expect(errorsOf('text')).toEqual([{ path: '', message: 'must be object' }]);
  });

  it('lists allowed values of an enum', () => {
    const schema = Type.Object({ priority: Type.Unsafe<string>({ type: 'string', enum: ['low', 'high'] }) });
    expect(() => validateBody(schema, { priority: 'urgent' })).toThrow('/priority must be one of: low, high');
  });

  it('works as a Nest pipe', () => {
    const pipe = schemaPipe(Reply);
    expect(pipe.transform({ body: 'x', public: false }, { type: 'body' })).toEqual({ body: 'x', public: false });
    expect(() => pipe.transform({}, { type: 'body' })).toThrow(ValidationError);
  });
});
