import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Children, Fragment, isValidElement, type ReactNode } from 'react';
import { FieldTitle, useResourceContext, useTranslate } from 'react-admin';

interface FieldElementProps {
  source?: string;
  label?: ReactNode;
}

/**
 * Fields as a two-column description list: each child's label (its `label`, else the resource's
 * `fields.<source>` translation) beside its value.
 */
export const Details = ({ children }: { children: ReactNode }) => {
  const resource = useResourceContext();
  return (
    <Box
      component="dl"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'minmax(120px, max-content) minmax(0, 1fr)',
        columnGap: 3,
        rowGap: 1,
        m: 0,
      }}
    >
      {Children.map(children, (child) => {
        if (!isValidElement<FieldElementProps>(child)) return null;
        const { label, source } = child.props;
        return (
          <Fragment key={source ?? String(label)}>
            <Typography component="dt" variant="body2" color="text.secondary">
              <FieldTitle label={typeof label === 'string' ? label : undefined} source={source} resource={resource} />
            </Typography>
            <Box component="dd" sx={{ m: 0, minWidth: 0, overflowWrap: 'anywhere' }}>
              {child}
            </Box>
          </Fragment>
        );
      })}
    </Box>
  );
};

/** A titled card: one section of a show page. */
export const Section = ({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', mb: 1.5 }}>
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            {translate(title)}
          </Typography>
          {action}
        </Box>
        {children}
      </CardContent>
    </Card>
  );
};

/** Sections side by side on wide screens, stacked on narrow ones. */
export const SectionGrid = ({ children }: { children: ReactNode }) => (
  <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr', xl: '1fr 1fr 1fr' }, gap: 2 }}>
    {children}
  </Box>
);
