import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../components/States.js';

export function Component() {
  return (
    <EmptyState title="Page not found" mark="?">
      There is no page at this address. <Anchor component={Link} to="/">Go to the overview</Anchor>.
    </EmptyState>
  );
}
