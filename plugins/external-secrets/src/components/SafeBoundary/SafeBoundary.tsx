import { Component, ErrorInfo, ReactNode } from 'react';

interface SafeBoundaryProps {
  /** What to show instead of children that threw while rendering. */
  fallback: ReactNode;
  children?: ReactNode;
}

/**
 * A small error boundary for one cell or row: one malformed item from the backend
 * shows its fallback instead of taking the whole page down.
 */
export class SafeBoundary extends Component<
  SafeBoundaryProps,
  { failed: boolean }
> {
  static getDerivedStateFromError() {
    return { failed: true };
  }

  state = { failed: false };

  componentDidCatch(error: Error, info: ErrorInfo) {
    // eslint-disable-next-line no-console
    console.warn(
      'external-secrets: could not render an item',
      error,
      info.componentStack,
    );
  }

  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
